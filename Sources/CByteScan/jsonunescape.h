// What JSON's escapes decode to, shared by the unescapers of this target (`sift_json_unescape` in
// bytescan.c, `sift_json_unescape_utf8` in jsonio.c); a private header, not part of the module's
// public headers.
#ifndef SIFT_JSONUNESCAPE_H
#define SIFT_JSONUNESCAPE_H

#include <stdint.h>

/// What the two-byte escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) stand for, by their
/// second byte; 0 for any other.
static const uint8_t sift_short_unescape[256] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

static inline int sift_hex_digit(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// The character of the four hex digits at `p` (a `\u` escape's), or -1 when they are not hex
/// digits or name a surrogate (pairs, and lone ones that become U+FFFD, are the caller's).
static inline int32_t sift_u_escape(const uint8_t *p) {
    const int d0 = sift_hex_digit(p[0]), d1 = sift_hex_digit(p[1]), d2 = sift_hex_digit(p[2]), d3 = sift_hex_digit(p[3]);
    if ((d0 | d1 | d2 | d3) < 0) return -1;
    const int32_t c = d0 << 12 | d1 << 8 | d2 << 4 | d3;
    return c >= 0xD800 && c < 0xE000 ? -1 : c;
}

/// Writes `c` (a BMP character, not a surrogate) as UTF-8 at `out`; returns the end.
static inline uint8_t *sift_put_bmp_utf8(uint32_t c, uint8_t *out) {
    if (c < 0x80) {
        *out++ = (uint8_t)c;
    } else if (c < 0x800) {
        *out++ = (uint8_t)(0xC0 | c >> 6);
        *out++ = (uint8_t)(0x80 | (c & 0x3F));
    } else {
        *out++ = (uint8_t)(0xE0 | c >> 12);
        *out++ = (uint8_t)(0x80 | (c >> 6 & 0x3F));
        *out++ = (uint8_t)(0x80 | (c & 0x3F));
    }
    return out;
}

#endif
