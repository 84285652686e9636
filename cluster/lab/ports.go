package lab

import (
	"errors"
	"fmt"
	"net"
	"strconv"
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

// freePort asks the kernel for a free port on 127.0.0.1 that is not in
// taken.
func freePort(taken map[int]bool) (int, error) {
	for range 20 {
		l, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if !taken[port] {
			return port, nil
		}
	}
	return 0, errors.New("no free port found")
}
