// Command labkube is the kubekurs practice cluster's Kubernetes control
// plane in one multi-call binary (in the style of the old hyperkube):
// kube-apiserver, kube-controller-manager and kube-scheduler share most of
// their code, so one binary links twice as fast and takes 120 MB on disk
// instead of 274 MB for three. etcd stays a binary of its own (built from
// this module too): inside labkube it cost 60 MiB more memory at run time,
// for the package initialisation of the Kubernetes code it never uses.
// The first argument names the component:
//
//	labkube kube-apiserver [flags]
//	labkube kube-controller-manager [flags]
//	labkube kube-scheduler [flags]
//	labkube version
package main

import (
	"fmt"
	"os"
	_ "time/tzdata" // CronJob time zone support, as in the upstream mains.

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format, as upstream.
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as upstream.
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as upstream.
	"k8s.io/component-base/version"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	os.Exit(run(os.Args))
}

func run(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: labkube kube-apiserver|kube-controller-manager|kube-scheduler|version [flags]")
		return 2
	}
	component, rest := args[1], args[2:]
	var command *cobra.Command
	switch component {
	case "kube-apiserver":
		command = apiserver.NewAPIServerCommand()
	case "kube-controller-manager":
		command = controllermanager.NewControllerManagerCommand()
	case "kube-scheduler":
		command = scheduler.NewSchedulerCommand()
	case "version":
		fmt.Println(version.Get().GitVersion)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "labkube: unknown component %q\n", component)
		return 2
	}
	command.SetArgs(rest)
	return cli.Run(command)
}
