package checks

// builtinTypes lists every check type. The parameter names are part of
// the lesson format: checks/README.md documents each type.
func builtinTypes() []typeDef {
	return []typeDef{
		define[existsParams]("exists", docExists),
		define[absentParams]("absent", docAbsent),
		define[podReadyParams]("podReady", docPodReady),
		define[podPhaseParams]("podPhase", docPodPhase),
		define[imageParams]("image", docImage),
		define[labelsParams]("labels", docLabels),
		define[annotationsParams]("annotations", docAnnotations),
		define[selectorMatchesParams]("selectorMatches", docSelectorMatches),
		define[deploymentReadyParams]("deploymentReady", docDeploymentReady),
		define[deploymentStrategyParams]("deploymentStrategy", docDeploymentStrategy),
		define[rolloutHistoryParams]("rolloutHistory", docRolloutHistory),
		define[serviceParams]("service", docService),
		define[serviceEndpointsParams]("serviceEndpoints", docServiceEndpoints),
		define[loadBalancerAddressParams]("loadBalancerAddress", docLoadBalancerAddress),
		define[ingressParams]("ingress", docIngress),
		define[ingressClassParams]("ingressClass", docIngressClass),
		define[configMapKeysParams]("configMapKeys", docConfigMapKeys),
		define[secretKeysParams]("secretKeys", docSecretKeys),
		define[envFromParams]("envFrom", docEnvFrom),
		define[envParams]("env", docEnv),
		define[volumeMountParams]("volumeMount", docVolumeMount),
		define[pvcBoundParams]("pvcBound", docPVCBound),
		define[resourcesParams]("resources", docResources),
		define[probeParams]("probe", docProbe),
		define[canIParams]("canI", docCanI),
		define[namespaceParams]("namespace", docNamespace),
		define[nodesParams]("nodes", docNodes),
		define[podNodesParams]("podNodes", docPodNodes),
		define[cordonedNodesParams]("cordonedNodes", docCordonedNodes),
		define[podWaitingParams]("podWaiting", docPodWaiting),
		define[clusterReachableParams]("clusterReachable", docClusterReachable),
		define[celParams]("cel", docCEL),
		define[podLogParams]("podLog", docPodLog),
		define[httpGetParams]("httpGet", docHTTPGet),
	}
}
