package lbcontroller

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestDefaultPoolIsTestNet2(t *testing.T) {
	p := DefaultPool()
	if err := p.validate(); err != nil {
		t.Fatal(err)
	}
	testNet2 := netip.MustParsePrefix("198.51.100.0/24") // RFC 5737: never routed
	for _, a := range []netip.Addr{p.First, p.Last, p.Ingress} {
		if !testNet2.Contains(a) {
			t.Errorf("%s is outside TEST-NET-2", a)
		}
	}
	if got := p.String(); got != "198.51.100.10-198.51.100.250" {
		t.Errorf("String() = %q", got)
	}
}

func TestPoolValidate(t *testing.T) {
	a := netip.MustParseAddr
	for _, p := range []Pool{
		{First: a("198.51.100.20"), Last: a("198.51.100.10"), Ingress: a("198.51.100.15")},
		{First: a("198.51.100.10"), Last: a("198.51.100.20"), Ingress: a("198.51.100.30")},
		{First: a("2001:db8::1"), Last: a("2001:db8::9"), Ingress: a("2001:db8::1")},
		{},
	} {
		if err := p.validate(); err == nil {
			t.Errorf("pool %+v accepted", p)
		}
	}
}

func TestAllocator(t *testing.T) {
	a := netip.MustParseAddr
	pool := Pool{First: a("198.51.100.10"), Last: a("198.51.100.13"), Ingress: a("198.51.100.10")}
	al := newAllocator(pool)

	first, err := al.next("kurs/a")
	if err != nil || first != a("198.51.100.11") {
		t.Fatalf("first address %s, %v; want 198.51.100.11 (the Ingress address is skipped)", first, err)
	}
	if again, _ := al.next("kurs/a"); again != first {
		t.Errorf("a Service asking again got %s, want the address it holds, %s", again, first)
	}
	if err := al.claim("kurs/b", a("198.51.100.13")); err != nil {
		t.Fatal(err)
	}
	if got, _ := al.next("kurs/c"); got != a("198.51.100.12") {
		t.Errorf("next free is %s, want 198.51.100.12", got)
	}
	if _, err := al.next("kurs/d"); !errors.Is(err, errExhausted) {
		t.Errorf("full pool: %v, want errExhausted", err)
	}

	var inUse *inUseError
	if err := al.claim("annen/b", a("198.51.100.13")); !errors.As(err, &inUse) || inUse.owner != "kurs/b" || !errors.Is(err, errInUse) {
		t.Errorf("claim of a taken address: %v", err)
	}
	if err := al.claim("kurs/d", a("198.51.100.10")); !errors.Is(err, errReserved) {
		t.Errorf("claim of the Ingress address: %v", err)
	}
	if err := al.claim("kurs/d", a("203.0.113.5")); !errors.Is(err, errNotInPool) {
		t.Errorf("claim outside the pool: %v", err)
	}
	if al.takeReleased() {
		t.Error("released reported before anything was freed")
	}

	// Moving to another address frees the old one.
	if ip, ok := al.release("kurs/c"); !ok || ip != a("198.51.100.12") {
		t.Fatalf("release = %s, %v", ip, ok)
	}
	if !al.takeReleased() || al.takeReleased() {
		t.Error("takeReleased must report one release once")
	}
	if err := al.claim("kurs/a", a("198.51.100.12")); err != nil {
		t.Fatal(err)
	}
	if _, ok := al.owner[first]; ok || !al.takeReleased() {
		t.Errorf("the address kurs/a held before (%s) is still taken", first)
	}
	if err := al.claim("kurs/a", a("198.51.100.12")); err != nil {
		t.Errorf("claiming the address one holds: %v", err)
	}
	if _, ok := al.release("kurs/ingen"); ok {
		t.Error("released an address nobody held")
	}
}

func TestFailureMessages(t *testing.T) {
	p := DefaultPool()
	for _, c := range []struct {
		err  error
		ip   string
		want string
	}{
		{&inUseError{owner: "kurs/web"}, "198.51.100.20", "198.51.100.20 er allerede i bruk av Servicen kurs/web"},
		{errNotInPool, "203.0.113.5", "203.0.113.5 er utenfor øvingsclusterets adresseområde 198.51.100.10-198.51.100.250"},
		{errReserved, "198.51.100.10", "198.51.100.10 er reservert for Ingress Controlleren"},
		{errExhausted, "", "alle adressene i 198.51.100.10-198.51.100.250 er i bruk"},
		{errNotIPv4, "2001:db8::1", "«2001:db8::1» er ingen IPv4-adresse"},
	} {
		got := failure(c.err, c.ip, p)
		if !strings.HasPrefix(got, "Fikk ikke laget lastbalanserer: ") || !strings.Contains(got, c.want) {
			t.Errorf("failure(%v) = %q, want it to say %q", c.err, got, c.want)
		}
	}
}
