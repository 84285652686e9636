package lab

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/kubekurs/kubekurs/internal/userfiles"
)

// Names of the files in the PKI directory; pass them to PKI.Path. Private
// keys are PKCS#8 and readable only by the owner.
const (
	// FileCACert and FileCAKey are the certificate authority.
	FileCACert = "ca.crt"
	FileCAKey  = "ca.key"
	// FileAPIServerCert and FileAPIServerKey are kube-apiserver's serving certificate.
	FileAPIServerCert = "apiserver.crt"
	FileAPIServerKey  = "apiserver.key"
	// FileEtcdCert and FileEtcdKey are etcd's serving and peer certificate.
	FileEtcdCert = "etcd.crt"
	FileEtcdKey  = "etcd.key"
	// FileEtcdClientCert and FileEtcdClientKey are kube-apiserver's client certificate for etcd.
	FileEtcdClientCert = "etcd-client.crt"
	FileEtcdClientKey  = "etcd-client.key"
	// FileAdminCert and FileAdminKey are the learner's client certificate (group system:masters).
	FileAdminCert = "admin.crt"
	FileAdminKey  = "admin.key"
	// FileControllerManagerCert and FileControllerManagerKey are kube-controller-manager's client certificate.
	FileControllerManagerCert = "controller-manager.crt"
	FileControllerManagerKey  = "controller-manager.key"
	// FileSchedulerCert and FileSchedulerKey are kube-scheduler's client certificate.
	FileSchedulerCert = "scheduler.crt"
	FileSchedulerKey  = "scheduler.key"
	// FileKwokCert and FileKwokKey are KWOK's client certificate (group system:masters).
	FileKwokCert = "kwok.crt"
	FileKwokKey  = "kwok.key"
	// FileServiceAccountKey and FileServiceAccountPub sign and verify service account tokens.
	FileServiceAccountKey = "sa.key"
	FileServiceAccountPub = "sa.pub"
)

// ErrCorruptPKI reports a PKI file that exists but cannot be used (it does not
// parse, does not match its partner or is not signed by the CA), or a CA that is
// missing while other PKI files remain. Errors wrap it together with the file's
// path. Files are never changed when it is returned.
var ErrCorruptPKI = errors.New("corrupt PKI")

const (
	caValidity   = 10 * 365 * 24 * time.Hour
	leafValidity = 2 * 365 * 24 * time.Hour
	renewBefore  = 30 * 24 * time.Hour // re-issue leaves that expire sooner than this
	clockSkew    = time.Hour           // NotBefore lies this far in the past

	pemCertificate = "CERTIFICATE"
	pemPrivateKey  = "PRIVATE KEY"
	pemPublicKey   = "PUBLIC KEY"
)

// PKI is the practice cluster's certificate authority and the certificates and
// keys signed by it, stored as PEM files in Dir.
type PKI struct {
	// Dir is the directory that holds the PEM files.
	Dir string
}

// Path returns the path of a file in the PKI directory, e.g. p.Path(FileCACert).
func (p *PKI) Path(name string) string {
	return filepath.Join(p.Dir, name)
}

// leafSpec describes one certificate signed by the CA.
type leafSpec struct {
	cert, key string
	cn        string
	org       []string
	usages    []x509.ExtKeyUsage
	dns       []string
	ips       []net.IP
}

func leafSpecs() []leafSpec {
	client := []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	localhost := net.IPv4(127, 0, 0, 1)
	return []leafSpec{
		{cert: FileAPIServerCert, key: FileAPIServerKey, cn: "kube-apiserver",
			usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			dns: []string{"localhost", "kubernetes", "kubernetes.default",
				"kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
			ips: []net.IP{localhost, net.IPv4(10, 96, 0, 1)}},
		{cert: FileEtcdCert, key: FileEtcdKey, cn: "kubekurs-etcd",
			usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
			dns:    []string{"localhost"}, ips: []net.IP{localhost}},
		{cert: FileEtcdClientCert, key: FileEtcdClientKey, cn: "kube-apiserver-etcd-client", usages: client},
		{cert: FileAdminCert, key: FileAdminKey, cn: "kubekurs-admin", org: []string{"system:masters"}, usages: client},
		{cert: FileControllerManagerCert, key: FileControllerManagerKey, cn: "system:kube-controller-manager", usages: client},
		{cert: FileSchedulerCert, key: FileSchedulerKey, cn: "system:kube-scheduler", usages: client},
		{cert: FileKwokCert, key: FileKwokKey, cn: "kubekurs-kwok", org: []string{"system:masters"}, usages: client},
	}
}

// pair is a public half (a certificate or a bare public key) and its private
// key as found on disk. Nil fields are missing files.
type pair struct {
	cert *x509.Certificate
	pub  crypto.PublicKey
	key  crypto.Signer
}

func (p pair) found() bool { return p.pub != nil || p.key != nil }

// LoadOrCreatePKI returns the PKI in dir, creating the directory, the CA and
// every certificate and key that is missing, and re-issuing leaf certificates
// that expire within 30 days of now. A complete, valid PKI is left untouched.
// If any existing file is unusable, it returns an error wrapping ErrCorruptPKI
// and changes nothing.
func LoadOrCreatePKI(dir string, now time.Time) (*PKI, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create PKI directory: %w", err)
	}
	p := &PKI{Dir: dir}

	// Read and check every file before writing anything, so that a corrupt
	// directory is reported without a byte of it being changed.
	ca, err := p.loadPair(FileCACert, FileCAKey, pemCertificate)
	if err != nil {
		return nil, err
	}
	specs := leafSpecs()
	leaves := make([]pair, len(specs))
	others := false
	for i, s := range specs {
		if leaves[i], err = p.loadPair(s.cert, s.key, pemCertificate); err != nil {
			return nil, err
		}
		others = others || leaves[i].found()
	}
	sa, err := p.loadPair(FileServiceAccountPub, FileServiceAccountKey, pemPublicKey)
	if err != nil {
		return nil, err
	}
	others = others || sa.found()
	if err := p.checkCA(ca, others, now); err != nil {
		return nil, err
	}
	for i, s := range specs {
		c := leaves[i].cert
		if c != nil && (!bytes.Equal(c.RawIssuer, ca.cert.RawSubject) || c.CheckSignatureFrom(ca.cert) != nil) {
			return nil, corrupt(p.Path(s.cert), fmt.Errorf("not signed by %s", FileCACert))
		}
	}

	if ca.cert == nil {
		if ca, err = p.createCA(ca.key, now); err != nil {
			return nil, fmt.Errorf("create CA: %w", err)
		}
	}
	for i, s := range specs {
		l := leaves[i]
		if l.cert != nil && l.key != nil && now.Add(renewBefore).Before(l.cert.NotAfter) {
			continue
		}
		if err := p.issueLeaf(s, ca, l.key, now); err != nil {
			return nil, fmt.Errorf("issue %s: %w", s.cert, err)
		}
	}
	if sa.pub == nil || sa.key == nil {
		if err := p.createServiceAccountKey(sa.key); err != nil {
			return nil, fmt.Errorf("create service account key: %w", err)
		}
	}
	return p, nil
}

// checkCA decides whether the CA found on disk can be used, or, when its
// certificate is missing, whether a new one may be created without losing
// anything. A lone ca.key is what an interrupted first run leaves behind.
func (p *PKI) checkCA(ca pair, others bool, now time.Time) error {
	switch {
	case ca.cert == nil && others:
		return corrupt(p.Path(FileCACert), errors.New("missing while other PKI files exist"))
	case ca.cert == nil:
		return nil
	case ca.key == nil:
		return corrupt(p.Path(FileCAKey), errors.New("missing"))
	case !ca.cert.IsCA:
		return corrupt(p.Path(FileCACert), errors.New("not a CA certificate"))
	}
	if err := ca.cert.CheckSignatureFrom(ca.cert); err != nil {
		return corrupt(p.Path(FileCACert), fmt.Errorf("not self-signed: %v", err))
	}
	if !now.Add(renewBefore).Before(ca.cert.NotAfter) {
		return fmt.Errorf("%s expires %s; move %s away to create a new PKI",
			p.Path(FileCACert), ca.cert.NotAfter.Format(time.DateOnly), p.Dir)
	}
	return nil
}

// createCA writes a new CA certificate for key, or for a new key if key is nil.
// The key is written first, so an interrupted run leaves only ca.key, which
// the next run picks up.
func (p *PKI) createCA(key crypto.Signer, now time.Time) (pair, error) {
	key, newKey, err := orNewKey(key)
	if err != nil {
		return pair{}, err
	}
	if newKey {
		if err := p.writeKey(FileCAKey, key); err != nil {
			return pair{}, err
		}
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "kubekurs-ca"},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(caValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	cert, err := p.writeCert(FileCACert, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return pair{}, err
	}
	return pair{cert: cert, pub: cert.PublicKey, key: key}, nil
}

// issueLeaf writes a certificate for s signed by ca, keeping key if it is not
// nil. The certificate is written before a new key: if the run stops between
// the two, the key is missing and the next run issues the pair again, instead
// of finding a key that does not match its certificate.
func (p *PKI) issueLeaf(s leafSpec, ca pair, key crypto.Signer, now time.Time) error {
	key, newKey, err := orNewKey(key)
	if err != nil {
		return err
	}
	notAfter := now.Add(leafValidity)
	if notAfter.After(ca.cert.NotAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: s.cn, Organization: s.org},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              notAfter,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           s.usages,
		DNSNames:              s.dns,
		IPAddresses:           s.ips,
	}
	if _, err := p.writeCert(s.cert, tmpl, ca.cert, key.Public(), ca.key); err != nil {
		return err
	}
	if newKey {
		return p.writeKey(s.key, key)
	}
	return nil
}

// createServiceAccountKey writes sa.pub for key, or for a new key if key is
// nil; a new key is written last for the same reason as in issueLeaf.
func (p *PKI) createServiceAccountKey(key crypto.Signer) error {
	key, newKey, err := orNewKey(key)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("marshal public key: %w", err)
	}
	if err := userfiles.WriteAtomic(p.Path(FileServiceAccountPub), pemBytes(pemPublicKey, der), 0o644); err != nil {
		return err
	}
	if newKey {
		return p.writeKey(FileServiceAccountKey, key)
	}
	return nil
}

// loadPair reads a public half (a certificate or, with pemPublicKey, a bare
// public key) and its private key, checking that both parse and match.
func (p *PKI) loadPair(pubName, keyName, pubType string) (pair, error) {
	var r pair
	der, ok, err := p.readPEM(pubName, pubType)
	switch {
	case err != nil:
		return pair{}, err
	case ok && pubType == pemCertificate:
		if r.cert, err = x509.ParseCertificate(der); err != nil {
			return pair{}, corrupt(p.Path(pubName), err)
		}
		r.pub = r.cert.PublicKey
	case ok:
		if r.pub, err = x509.ParsePKIXPublicKey(der); err != nil {
			return pair{}, corrupt(p.Path(pubName), err)
		}
	}
	if der, ok, err = p.readPEM(keyName, pemPrivateKey); err != nil || !ok {
		return r, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return pair{}, corrupt(p.Path(keyName), err)
	}
	if r.key, ok = k.(crypto.Signer); !ok {
		return pair{}, corrupt(p.Path(keyName), fmt.Errorf("unsupported key type %T", k))
	}
	if pub, ok := r.key.Public().(interface{ Equal(crypto.PublicKey) bool }); r.pub != nil && (!ok || !pub.Equal(r.pub)) {
		return pair{}, corrupt(p.Path(keyName), fmt.Errorf("does not match %s", pubName))
	}
	return r, nil
}

// readPEM returns the contents of the single PEM block of type blockType in
// the named file, and false if the file does not exist.
func (p *PKI) readPEM(name, blockType string) ([]byte, bool, error) {
	path := p.Path(name)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", path, err)
	}
	block, rest := pem.Decode(data)
	if block == nil || block.Type != blockType || len(block.Headers) > 0 || len(bytes.TrimSpace(rest)) > 0 {
		return nil, false, corrupt(path, fmt.Errorf("want a single %s PEM block", blockType))
	}
	return block.Bytes, true, nil
}

// writeCert signs tmpl with a random serial number, writes it to the named
// file and returns the parsed result.
func (p *PKI) writeCert(name string, tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("generate serial number: %w", err)
	}
	tmpl.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse new %s: %w", name, err)
	}
	return cert, userfiles.WriteAtomic(p.Path(name), pemBytes(pemCertificate, der), 0o644)
}

// writeKey writes key to the named file as PKCS#8, readable only by the owner.
func (p *PKI) writeKey(name string, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("marshal %s: %w", name, err)
	}
	return userfiles.WriteAtomic(p.Path(name), pemBytes(pemPrivateKey, der), 0o600)
}

// orNewKey returns key, or a new P-256 key and true if key is nil.
func orNewKey(key crypto.Signer) (crypto.Signer, bool, error) {
	if key != nil {
		return key, false, nil
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("generate key: %w", err)
	}
	return k, true, nil
}

func pemBytes(blockType string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
}

func corrupt(path string, detail error) error {
	return &CorruptFileError{Path: path, Reason: detail.Error(), Err: ErrCorruptPKI}
}
