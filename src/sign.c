/*
 * sign.c - the optional signature of an evidence pack (SPEC section 19):
 * SHA256SUMS.p7s, a detached CMS SignedData (DER) over SHA256SUMS, made with
 * OpenSSL's libcrypto, that `openssl cms -verify -binary -inform DER -in
 * SHA256SUMS.p7s -content SHA256SUMS -CAfile CA.pem` accepts.
 *
 * The key and the certificate are read and checked against each other by
 * sign_load() before the build reads or writes anything, so that a wrong
 * pair is exit 2 with nothing written.  The signature carries the signer's
 * certificate and the signed attributes content type, message digest and
 * signing time; the signing time is the build's time (BuildInfo.created:
 * SOURCE_DATE_EPOCH, else the real time), never the clock read here, so that
 * with an RSA key (PKCS #1 v1.5 signatures are deterministic) two builds with
 * the same SOURCE_DATE_EPOCH give the same bytes.  ECDSA and DSA signatures
 * hold a random nonce: they verify, but differ from build to build.
 */
#include "objreg.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Signer {
  EVP_PKEY *key;
  X509 *cert;
  char subject[512];       // RFC 2253
  char fingerprint[65];    // SHA-256 of the certificate (DER), hex
};

/* No passphrase prompt: an encrypted key cannot be read. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
  (void)buf, (void)size, (void)rwflag, (void)u;
  return -1;
}

/* libcrypto's last error, for a message. */
static const char *ssl_msg(void)
{
  static char s[256];
  unsigned long e = ERR_peek_last_error();
  if (!e)
    return "not a PEM file of that kind";
  ERR_error_string_n(e, s, sizeof s);
  ERR_clear_error();
  return s;
}

Signer *sign_load(const char *key_path, const char *cert_path)
{
  Signer *s = xcalloc(1, sizeof *s);
  BIO *kb = BIO_new_file(key_path, "r"), *cb = BIO_new_file(cert_path, "r");
  const char *bad = NULL, *why = NULL;
  if (!kb || !(s->key = PEM_read_bio_PrivateKey(kb, NULL, no_passphrase, NULL)))
    bad = "cannot read the signing key", why = kb ? ssl_msg() : "cannot open it";
  else if (!cb || !(s->cert = PEM_read_bio_X509(cb, NULL, no_passphrase, NULL)))
    bad = "cannot read the signing certificate", why = cb ? ssl_msg() : "cannot open it";
  else if (X509_check_private_key(s->cert, s->key) != 1)
    bad = "the signing key does not match the certificate", why = path_base(cert_path);
  BIO_free(kb);
  BIO_free(cb);
  if (bad) {
    fprintf(stderr, "objreg: error: %s '%s': %s\n", bad,
            strcmp(bad, "cannot read the signing certificate") == 0 ? path_base(cert_path) : path_base(key_path), why);
    ERR_clear_error();
    sign_free(s);
    return NULL;
  }
  BIO *nb = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(nb, X509_get_subject_name(s->cert), 0, XN_FLAG_RFC2253);
  int n = BIO_read(nb, s->subject, sizeof s->subject - 1);
  s->subject[n > 0 ? n : 0] = '\0';
  BIO_free(nb);
  unsigned char md[32];
  unsigned int mdn = 0;
  X509_digest(s->cert, EVP_sha256(), md, &mdn);
  for (unsigned i = 0; i < mdn && i < 32; i++)
    snprintf(s->fingerprint + 2 * i, 3, "%02x", md[i]);
  return s;
}

const char *sign_subject(const Signer *s)
{
  return s->subject;
}

const char *sign_fingerprint(const Signer *s)
{
  return s->fingerprint;
}

int sign_detached(const Signer *s, const char *data, size_t n, int64_t when, Buf *out)
{
  int rc = -1;
  unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
  BIO *in = BIO_new_mem_buf(data, (int)n);
  CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
  CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags) : NULL;
  ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)when);  // the build's time, not the clock's
  unsigned char *der = NULL;
  int len = 0;
  if (in && si && t && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1) > 0 &&
      CMS_final(cms, in, NULL, flags) == 1 && (len = i2d_CMS_ContentInfo(cms, &der)) > 0) {
    buf_add(out, (const char *)der, (size_t)len);
    rc = 0;
  } else {
    fprintf(stderr, "objreg: error: cannot sign SHA256SUMS: %s\n", ssl_msg());
  }
  OPENSSL_free(der);
  ASN1_TIME_free(t);
  CMS_ContentInfo_free(cms);
  BIO_free(in);
  ERR_clear_error();
  return rc;
}

void sign_free(Signer *s)
{
  if (!s)
    return;
  EVP_PKEY_free(s->key);
  X509_free(s->cert);
  free(s);
}
