#ifndef CZHICU_H
#define CZHICU_H

/*
 * CZhICU — the only door to the system ICU (libicu-dev).
 *
 * This header uses nothing but <stdint.h> types so that Swift never sees ICU's own
 * headers (they clash with the copy that Foundation ships, and ICU's renamed symbols such
 * as ubrk_open_72 cannot be imported). All text crosses this boundary as UTF-16 code
 * units (uint16_t), ICU's native unit; offsets returned are UTF-16 offsets into the
 * buffer that was passed in. Every function reports failure through an ICU status code
 * (`*status > 0` is an error, as in ICU's UErrorCode); nothing here aborts.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Rule-status classes of a word break, as in ICU's UWordBreak ranges. */
enum {
    ZH_WORD_NONE = 0,      /* spaces, punctuation, symbols */
    ZH_WORD_NUMBER = 100,
    ZH_WORD_LETTER = 200,
    ZH_WORD_KANA = 300,
    ZH_WORD_IDEO = 400
};

typedef struct zh_breaker zh_breaker;

/* kind: 0 = word, 1 = sentence. locale: e.g. "zh". Returns NULL and sets *status on failure. */
zh_breaker *zh_breaker_open(int32_t kind, const char *locale, int32_t *status);
void zh_breaker_close(zh_breaker *breaker);

/*
 * Breaks `text` (UTF-16, `length` units). Writes up to `capacity` boundaries (UTF-16 offsets,
 * the first boundary 0 is omitted, the last is `length`) into `bounds`, and the rule status of
 * the segment that ends at each boundary into `statuses` (may be NULL). Returns the number of
 * boundaries; if `capacity` is too small, sets U_BUFFER_OVERFLOW_ERROR (15) and returns the
 * count needed. `capacity = length` always suffices.
 */
int32_t zh_breaker_run(zh_breaker *breaker, const uint16_t *text, int32_t length,
                       int32_t *bounds, int32_t *statuses, int32_t capacity, int32_t *status);

/*
 * Folds every code point of `scalars` in place to a single code point for analysis:
 * options bit 1: NFKC (full-width digits/letters → ASCII, compatibility ideographs …) where the
 * NFKC form of that code point is exactly one code point; bit 2: Traditional → Simplified Chinese
 * (ICU transliterator "Hant-Hans", applied per code point, only where it yields one code point);
 * bit 4 (instead of 2): Simplified → Traditional ("Hans-Hant"), used to tell which script a text is in.
 * The number of code points never changes, so offsets into the folded text are offsets into the
 * original. Returns the number of code points changed.
 */
int32_t zh_fold_scalars(uint32_t *scalars, int32_t count, uint32_t options, int32_t *status);

/*
 * Counts, without changing anything, the Han code points of `scalars` (U+3400–U+9FFF) and how
 * many of them Traditional → Simplified (`to_hans`) and Simplified → Traditional (`to_hant`)
 * would change, as options 2 and 4 of zh_fold_scalars do.
 */
void zh_script_census(const uint32_t *scalars, int32_t count, int32_t *han, int32_t *to_hans,
                      int32_t *to_hant, int32_t *status);

/*
 * Charset detection (ucsdet). Writes up to `max` candidate charset names (NUL-terminated, each in
 * a slot of `name_width` bytes of `names`) and their confidences (0–100). Returns the count.
 */
int32_t zh_detect_charsets(const char *bytes, int32_t length, char *names, int32_t name_width,
                           int32_t *confidences, int32_t max, int32_t *status);

/*
 * Converts `bytes` in `charset` to UTF-16, stopping with U_ILLEGAL_CHAR_FOUND (12) /
 * U_INVALID_CHAR_FOUND (10) on bytes that are not valid in that charset. Returns the UTF-16
 * length; with capacity too small sets U_BUFFER_OVERFLOW_ERROR and returns the length needed.
 * `*error_offset` receives the byte offset of the first invalid byte, or -1.
 */
int32_t zh_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                            uint16_t *dst, int32_t capacity, int32_t *error_offset, int32_t *status);

/* A short name for an ICU status code ("U_ILLEGAL_CHAR_FOUND"). Never NULL. */
const char *zh_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif
