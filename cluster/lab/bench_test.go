package lab

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// BenchmarkLabColdStart starts a practice cluster on an empty data
// directory (new PKI, new etcd) per iteration and reports, in seconds from
// the call to Start: when the API server was ready, when Start returned
// (all nodes Ready, default ServiceAccount there), and when a 3-replica
// Deployment created right after was fully available; and each
// component's resident memory then.
func BenchmarkLabColdStart(b *testing.B) {
	if testing.Short() {
		b.Skip("starts practice clusters")
	}
	binDir, err := DefaultBinDir(os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	var apiReady, started, deployReady time.Duration
	rss := map[string]float64{}
	for b.Loop() {
		l := &Lab{DataDir: b.TempDir(), BinDir: binDir}
		begin := time.Now()
		l.Progress = func(step string) {
			if step == stepNodes { // announced right after /readyz answered
				apiReady += time.Since(begin)
			}
		}
		cfg, err := l.Start(context.Background())
		if err != nil {
			b.Fatalf("start: %v\n%s", err, Message(err))
		}
		started += time.Since(begin)
		client, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := client.AppsV1().Deployments("default").Create(context.Background(), webDeployment("web", "nginx:1.27", 3), metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
		created := time.Now()
		for {
			d, err := client.AppsV1().Deployments("default").Get(context.Background(), "web", metav1.GetOptions{})
			if err == nil && d.Status.AvailableReplicas == 3 {
				break
			}
			if time.Since(created) > 30*time.Second {
				b.Fatalf("deployment not ready: %v %+v", err, d.Status)
			}
			time.Sleep(10 * time.Millisecond)
		}
		deployReady += time.Since(created)
		for _, p := range l.procs {
			rss[p.name] += residentMiB(p.cmd.Process.Pid)
		}
		if err := l.Stop(); err != nil {
			b.Fatal(err)
		}
	}
	n := float64(b.N)
	b.ReportMetric(apiReady.Seconds()/n, "s-api-ready")
	b.ReportMetric(started.Seconds()/n, "s-nodes-ready")
	b.ReportMetric(deployReady.Seconds()/n, "s-deploy3-ready")
	for name, mib := range rss {
		b.ReportMetric(mib/n, "MiB-"+name)
	}
}

// BenchmarkLabRestart stops and starts the shared cluster on its existing
// data, as a learner's second `kubekurs lab start` does.
func BenchmarkLabRestart(b *testing.B) {
	if testing.Short() || shared == nil {
		b.Skip("needs the practice cluster")
	}
	for b.Loop() {
		if err := shared.lab.Stop(); err != nil {
			b.Fatal(err)
		}
		cfg, err := shared.lab.Start(context.Background())
		if err != nil {
			b.Fatalf("restart: %v\n%s", err, Message(err))
		}
		client, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			b.Fatal(err)
		}
		shared.client, shared.config, shared.started = client, cfg, time.Now()
	}
}

// residentMiB reads a process's resident set size from /proc.
func residentMiB(pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
