// SHA-256 compression with the x86 SHA extensions (SHA-NI), used when the CPU has them;
// scimdiag hashes every byte of every input file, and the portable Swift code needs about
// 70 instructions per byte. Written from FIPS 180-4 and Intel's description of the
// SHA256RNDS2, SHA256MSG1 and SHA256MSG2 instructions.
#include "csha256.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

int csha256_accelerated(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int ssse3 = (c >> 9) & 1;
  int sse41 = (c >> 19) & 1;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  int sha = (b >> 29) & 1;
  return ssse3 && sse41 && sha;
}

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Four rounds: message words `w` (4 of them) plus their constants, two rounds per SHA256RNDS2.
#define ROUNDS4(w, group)                                                          \
  do {                                                                             \
    __m128i m = _mm_add_epi32((w), _mm_load_si128((const __m128i *)(K + 4 * (group)))); \
    s1 = _mm_sha256rnds2_epu32(s1, s0, m);                                         \
    m = _mm_shuffle_epi32(m, 0x0E);                                                \
    s0 = _mm_sha256rnds2_epu32(s0, s1, m);                                         \
  } while (0)

// The next four schedule words from the previous sixteen (w4 = oldest, w1 = newest):
// W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], written into w4's register.
#define SCHEDULE(w4, w3, w2, w1) \
  (w4) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((w4), (w3)), _mm_alignr_epi8((w1), (w2), 4)), (w1))

__attribute__((target("sha,ssse3,sse4.1"))) void csha256_blocks(uint32_t state[8], const uint8_t *data,
                                                                 size_t blocks) {
  const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  // The instructions keep the state as ABEF and CDGH.
  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i s0 = _mm_alignr_epi8(cdab, efgh, 8);     // ABEF
  __m128i s1 = _mm_blend_epi16(efgh, cdab, 0xF0);  // CDGH

  for (size_t n = 0; n < blocks; n++, data += 64) {
    const __m128i save0 = s0;
    const __m128i save1 = s1;
    __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byteswap);
    ROUNDS4(w0, 0);
    __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byteswap);
    ROUNDS4(w1, 1);
    __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byteswap);
    ROUNDS4(w2, 2);
    __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byteswap);
    ROUNDS4(w3, 3);
    for (int group = 4; group < 16; group += 4) {
      SCHEDULE(w0, w1, w2, w3);
      ROUNDS4(w0, group);
      SCHEDULE(w1, w2, w3, w0);
      ROUNDS4(w1, group + 1);
      SCHEDULE(w2, w3, w0, w1);
      ROUNDS4(w2, group + 2);
      SCHEDULE(w3, w0, w1, w2);
      ROUNDS4(w3, group + 3);
    }
    s0 = _mm_add_epi32(s0, save0);
    s1 = _mm_add_epi32(s1, save1);
  }

  __m128i feba = _mm_shuffle_epi32(s0, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(s1, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));  // DCBA
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));     // HGFE
}

#else

int csha256_accelerated(void) { return 0; }

void csha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
  (void)state;
  (void)data;
  (void)blocks;
}

#endif
