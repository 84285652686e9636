package lbcontroller

import (
	"errors"
	"fmt"
	"net/netip"
)

// Pool is the range load-balancer addresses come from. Its addresses are
// data only: the practice cluster never listens on them, and nothing may
// connect to them.
type Pool struct {
	// First and Last bound the range, both included.
	First, Last netip.Addr
	// Ingress is the Ingress Controller's own address, inside the range
	// and never given to a Service.
	Ingress netip.Addr
}

// DefaultPool is the lab's pool: 198.51.100.10–198.51.100.250 of
// TEST-NET-2 (RFC 5737), a range set aside for documentation that is never
// routed, so no real machine can have one of its addresses. The first
// address, 198.51.100.10, is the Ingress Controller's.
func DefaultPool() Pool {
	return Pool{
		First:   netip.AddrFrom4([4]byte{198, 51, 100, 10}),
		Last:    netip.AddrFrom4([4]byte{198, 51, 100, 250}),
		Ingress: netip.AddrFrom4([4]byte{198, 51, 100, 10}),
	}
}

// Contains reports whether a lies in the range (the Ingress address
// included).
func (p Pool) Contains(a netip.Addr) bool {
	return a.IsValid() && a.Compare(p.First) >= 0 && a.Compare(p.Last) <= 0
}

// String is the range, e.g. "198.51.100.10-198.51.100.250".
func (p Pool) String() string { return p.First.String() + "-" + p.Last.String() }

// validate fails when the range is empty or the Ingress address lies
// outside it.
func (p Pool) validate() error {
	if !p.First.Is4() || !p.Last.Is4() || p.First.Compare(p.Last) > 0 {
		return fmt.Errorf("pool %s is not a range of IPv4 addresses", p)
	}
	if !p.Contains(p.Ingress) {
		return fmt.Errorf("ingress address %s is outside the pool %s", p.Ingress, p)
	}
	return nil
}

// Why an address cannot be given to a Service.
var (
	errNotIPv4   = errors.New("not an IPv4 address")
	errNotInPool = errors.New("address not in the pool")
	errReserved  = errors.New("address reserved for the Ingress Controller")
	errInUse     = errors.New("address in use")
	errExhausted = errors.New("no free address left in the pool")
)

// inUseError names the Service that holds an address another one asked for.
type inUseError struct{ owner string }

func (e *inUseError) Error() string { return "address in use by " + e.owner }
func (e *inUseError) Unwrap() error { return errInUse }

// allocator records which Service (by namespace/name key) holds which
// address of the pool. It is not safe for concurrent use: only the
// Service controller's one worker touches it, after the rebuild that
// runs before the worker starts.
type allocator struct {
	pool     Pool
	owner    map[netip.Addr]string
	byKey    map[string]netip.Addr
	released bool // an address was freed since takeReleased
}

func newAllocator(p Pool) *allocator {
	return &allocator{pool: p, owner: map[netip.Addr]string{}, byKey: map[string]netip.Addr{}}
}

// lookup returns the address key holds.
func (a *allocator) lookup(key string) (netip.Addr, bool) {
	ip, ok := a.byKey[key]
	return ip, ok
}

// claim gives ip to key, freeing what key held before. It fails when ip
// is outside the pool, is the Ingress address, or is held by another key.
func (a *allocator) claim(key string, ip netip.Addr) error {
	switch owner, taken := a.owner[ip]; {
	case !a.pool.Contains(ip):
		return errNotInPool
	case ip == a.pool.Ingress:
		return errReserved
	case taken && owner != key:
		return &inUseError{owner: owner}
	case taken:
		return nil
	}
	a.release(key)
	a.owner[ip], a.byKey[key] = key, ip
	return nil
}

// next gives key the lowest free address, or the one it holds already.
func (a *allocator) next(key string) (netip.Addr, error) {
	if ip, ok := a.byKey[key]; ok {
		return ip, nil
	}
	for ip := a.pool.First; a.pool.Contains(ip); ip = ip.Next() {
		if _, taken := a.owner[ip]; !taken && ip != a.pool.Ingress {
			a.owner[ip], a.byKey[key] = key, ip
			return ip, nil
		}
	}
	return netip.Addr{}, errExhausted
}

// release frees what key holds and returns it.
func (a *allocator) release(key string) (netip.Addr, bool) {
	ip, ok := a.byKey[key]
	if ok {
		delete(a.byKey, key)
		delete(a.owner, ip)
		a.released = true
	}
	return ip, ok
}

// takeReleased reports whether an address was freed since the last call.
func (a *allocator) takeReleased() bool {
	r := a.released
	a.released = false
	return r
}
