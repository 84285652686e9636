package lab

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// loopback is the only address the practice cluster listens on.
const loopback = "127.0.0.1"

// Ports are the TCP ports on 127.0.0.1 the components listen on. Zero
// means "choose one".
type Ports struct {
	// APIServer is kube-apiserver's HTTPS port, the one kubectl talks to.
	APIServer int `json:"apiServer"`
	// EtcdClient is etcd's client port (only the API server uses it).
	EtcdClient int `json:"etcdClient"`
	// EtcdPeer is etcd's peer port (unused by a one-member etcd, but bound).
	EtcdPeer int `json:"etcdPeer"`
	// ControllerManager is kube-controller-manager's health port.
	ControllerManager int `json:"controllerManager"`
	// Scheduler is kube-scheduler's health port.
	Scheduler int `json:"scheduler"`
	// Kwok is KWOK's health and metrics port.
	Kwok int `json:"kwok"`
}

// portSlot names one field of Ports for allocation and messages.
type portSlot struct {
	port    *int
	purpose string // Norwegian, for PortError
}

func (p *Ports) slots() []portSlot {
	return []portSlot{
		{&p.APIServer, "API-serveren"},
		{&p.EtcdClient, "etcd"},
		{&p.EtcdPeer, "etcd (peer)"},
		{&p.ControllerManager, "kube-controller-manager"},
		{&p.Scheduler, "kube-scheduler"},
		{&p.Kwok, "kwok"},
	}
}

// resolvePorts fills in the zero ports of want. A port the caller asked for
// must be free, or a PortError says which. A zero port takes the port the
// cluster used last time (from previous) when it is free, so kubeconfigs
// handed out earlier keep working, and otherwise a fresh free port.
func resolvePorts(want, previous Ports) (Ports, error) {
	got := want
	prev := previous
	taken := map[int]bool{}
	gotSlots, prevSlots := got.slots(), prev.slots()
	for _, s := range gotSlots {
		if *s.port == 0 {
			continue
		}
		if !portFree(*s.port) {
			return Ports{}, &PortError{Port: *s.port, Purpose: s.purpose}
		}
		taken[*s.port] = true
	}
	for i, s := range gotSlots {
		if *s.port != 0 {
			continue
		}
		if p := *prevSlots[i].port; p != 0 && !taken[p] && portFree(p) {
			*s.port = p
			taken[p] = true
			continue
		}
		p, err := freePort(taken)
		if err != nil {
			return Ports{}, fmt.Errorf("find a free port for %s: %w", s.purpose, err)
		}
		*s.port = p
		taken[p] = true
	}
	return got, nil
}

// portFree reports whether 127.0.0.1:port can be listened on now.
func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(port)))
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}

// Fresh ports are drawn from [portRangeLow, portRangeHigh), below Linux's
// default ephemeral range (32768–60999). A port the kernel hands out for
// ":0" or as the local end of an outgoing connection comes from the
// ephemeral range, so between the check here and the component binding
// the port, no client connection of this or another program takes it (seen
// in CI: a test cluster's controller-manager lost its freshly picked port).
const (
	portRangeLow  = 20000
	portRangeHigh = 30000
	portAttempts  = 200
)

// freePort returns a free port on 127.0.0.1 that is not in taken and not
// in the kernel's ephemeral range (ephemeralRange), drawn at random.
func freePort(taken map[int]bool) (int, error) {
	lo, hi := ephemeralRange()
	for range portAttempts {
		port := portRangeLow + rand.IntN(portRangeHigh-portRangeLow)
		if taken[port] || (port >= lo && port <= hi) {
			continue
		}
		if portFree(port) {
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port in %d–%d after %d attempts", portRangeLow, portRangeHigh-1, portAttempts)
}

// ephemeralRange is the kernel's range of ports for outgoing connections
// (net.ipv4.ip_local_port_range), or Linux's default when it cannot be
// read.
func ephemeralRange() (lo, hi int) {
	lo, hi = 32768, 60999
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return lo, hi
	}
	fields := strings.Fields(string(data))
	if len(fields) != 2 {
		return lo, hi
	}
	l, err1 := strconv.Atoi(fields[0])
	h, err2 := strconv.Atoi(fields[1])
	if err1 != nil || err2 != nil || l > h {
		return lo, hi
	}
	return l, h
}
