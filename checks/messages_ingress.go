package checks

// The Norwegian texts of the ingress and ingressClass check types (see
// types_ingress.go). They follow the glossary: Ingressen, IngressClassen,
// Servicen, Namespacet.

// Criteria.
const (
	msgCritIngressRule     = "har regelen %s"
	msgCritIngressClass    = "hører til en IngressClass som finnes"
	msgCritIngressBackends = "peker på Servicer som finnes i Namespacet, med porter de har"
	msgCritIngressAddress  = "har fått en adresse"
	msgCritClassesAny      = "Clusteret har minst én IngressClass"
	msgCritClassesDefault  = "Clusteret har en IngressClass som er standard"
	msgCritClassDefault    = "%s er standard"
	msgCritClassExists     = "%s finnes"
)

// Expected and found texts.
const (
	msgExpectIngressClass    = "ingressClassName som finnes, eller en standard-IngressClass"
	msgExpectIngressBackends = "Servicene finnes, med portene"
	msgExpectIngressAddress  = "en adresse i status.loadBalancer.ingress"
	msgExpectClassDefault    = "en IngressClass med annotationen ingressclass.kubernetes.io/is-default-class=true"
	msgExpectClassAny        = "minst én IngressClass"
	msgIngressRules          = "regler: %s"
	msgIngressNoRules        = "ingen regler"
	msgIngressNoPaths        = "%s (ingen stier)"
	msgIngressAnyHost        = "*"
	msgIngressResource       = "ressursen %s «%s»"
	msgIngressDefaultBackend = "standard-backend → %s"
	msgClassNamed            = "ingressClassName «%s» finnes"
	msgClassMissing          = "ingressClassName «%s» finnes ikke; %s"
	msgClassFromDefault      = "ingen ingressClassName; standardklassen «%s» brukes"
	msgClassNoDefault        = "ingen ingressClassName, og ingen IngressClass er standard; %s"
	msgClassAnnotation       = "bruker den utgåtte annotationen kubernetes.io/ingress.class=%s i stedet for spec.ingressClassName"
	msgClassesFound          = "IngressClasser: %s"
	msgClassesNone           = "clusteret har ingen IngressClass"
	msgClassIsDefault        = "%s (standard)"
	msgClassesNoDefault      = "ingen er standard (IngressClasser: %s)"
	msgClassNotDefault       = "finnes, men er ikke standard"
	msgBackendsOK            = "%s finnes"
	msgBackendMissing        = "Servicen «%s» finnes ikke i Namespacet «%s»"
	msgBackendNoPort         = "Servicen «%s» har ikke port %s (porter: %s)"
	msgBackendNone           = "Ingressen peker ikke på noen Service"
	msgAddress               = "adresse %s"
	msgNoAddress             = "ingen adresse ennå"
)
