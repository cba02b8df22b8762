#include "CZhICU.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/udata.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

struct zh_breaker {
    UBreakIterator *iterator;
    int32_t kind;
};

zh_breaker *zh_breaker_open(int32_t kind, const char *locale, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(kind == 1 ? UBRK_SENTENCE : UBRK_WORD, locale, NULL, 0, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return NULL;
    }
    zh_breaker *b = (zh_breaker *)malloc(sizeof(zh_breaker));
    if (b == NULL) {
        ubrk_close(it);
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    b->iterator = it;
    b->kind = kind;
    *status = U_ZERO_ERROR;
    return b;
}

void zh_breaker_close(zh_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t zh_breaker_run(zh_breaker *breaker, const uint16_t *text, int32_t length,
                       int32_t *bounds, int32_t *statuses, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    if (breaker == NULL || (text == NULL && length > 0) || length < 0) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    int32_t count = 0;
    int32_t pos = ubrk_first(breaker->iterator);
    while ((pos = ubrk_next(breaker->iterator)) != UBRK_DONE) {
        if (count < capacity) {
            bounds[count] = pos;
            if (statuses != NULL) statuses[count] = ubrk_getRuleStatus(breaker->iterator);
        }
        count++;
    }
    /* The iterator keeps pointing into the caller's buffer, which may go away: it is not
       detached (a second ubrk_setText per text cost ~570 instructions a one-line document)
       because nothing reads it before the next run sets new text first, and closing it frees
       no text it does not own. */
    *status = count > capacity ? U_BUFFER_OVERFLOW_ERROR : U_ZERO_ERROR;
    return count;
}

/* ICU's word dictionary for Han text, opened once (and kept open: ICU maps it anyway). */
static const uint8_t *warm_bytes = NULL;
static int32_t warm_size = 0;
static pthread_once_t warm_once = PTHREAD_ONCE_INIT;

static void open_warm_data(void) {
    UErrorCode code = U_ZERO_ERROR;
    UDataMemory *dict = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &code);
    if (U_FAILURE(code) || dict == NULL) return;
    /* The dictionary's indexes come first; index 3 (IX_TOTAL_SIZE) is its size in bytes. */
    const int32_t *indexes = (const int32_t *)udata_getMemory(dict);
    if (indexes == NULL || indexes[3] <= 0) return;
    warm_bytes = (const uint8_t *)indexes;
    warm_size = indexes[3];
}

void zh_breaker_warm(void) {
    pthread_once(&warm_once, open_warm_data);
    if (warm_bytes == NULL) return;
    /* Backwards, so the start (the trie's root and first levels, read by every look-up) is
       read last and stays in the nearest cache. */
    uint32_t sum = 0;
    for (int32_t i = warm_size - 1; i >= 0; i -= 64) sum += warm_bytes[i];
    sum += warm_bytes[0];
    volatile uint32_t sink = sum;
    (void)sink;
}

/* ---- folding: NFKC and Traditional → Simplified, one code point to one code point ---- */

#define ZH_HAN_FIRST 0x3400
#define ZH_HAN_LAST 0x9FFF

static uint32_t *hans_table = NULL; /* index cp - ZH_HAN_FIRST → simplified cp */
static int32_t hans_status = U_ZERO_ERROR;
static pthread_once_t hans_once = PTHREAD_ONCE_INIT;
static uint32_t *hant_table = NULL; /* index cp - ZH_HAN_FIRST → traditional cp */
static int32_t hant_status = U_ZERO_ERROR;
static pthread_once_t hant_once = PTHREAD_ONCE_INIT;

/* The pairs of ICU's "Hant-Hans" and "Hans-Hant" transliterators, one code point each, as
   zh_han_variants_from_icu derives them (generated; see HanVariants.h). Opening the two
   transliterators and running them over 27,000 code points cost a third of a second of CPU at
   every start; expanding these pairs costs nothing. */
#include "HanVariants.h"

static uint32_t *table_from_pairs(const uint16_t (*pairs)[2], int32_t count, int32_t *status_out) {
    int32_t n = ZH_HAN_LAST - ZH_HAN_FIRST + 1;
    uint32_t *table = (uint32_t *)malloc(sizeof(uint32_t) * (size_t)n);
    if (table == NULL) {
        *status_out = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    for (int32_t i = 0; i < n; i++) table[i] = (uint32_t)(ZH_HAN_FIRST + i);
    for (int32_t i = 0; i < count; i++) table[pairs[i][0] - ZH_HAN_FIRST] = pairs[i][1];
    return table;
}

static void build_hans_table(void) {
    hans_table = table_from_pairs(zh_hant_to_hans, (int32_t)(sizeof zh_hant_to_hans / sizeof zh_hant_to_hans[0]),
                                  &hans_status);
}

static void build_hant_table(void) {
    hant_table = table_from_pairs(zh_hans_to_hant, (int32_t)(sizeof zh_hans_to_hant / sizeof zh_hans_to_hant[0]),
                                  &hant_status);
}

/* Transliterates every Han code point of the BMP blocks one by one (what HanVariants.h holds). */
int32_t zh_han_variants_from_icu(int32_t to_traditional, uint32_t *table, int32_t capacity, int32_t *status) {
    int32_t n = ZH_HAN_LAST - ZH_HAN_FIRST + 1;
    if (capacity < n) {
        *status = U_BUFFER_OVERFLOW_ERROR;
        return n;
    }
    UChar hant_hans[] = {'H', 'a', 'n', 't', '-', 'H', 'a', 'n', 's', 0};
    UChar hans_hant[] = {'H', 'a', 'n', 's', '-', 'H', 'a', 'n', 't', 0};
    UErrorCode code = U_ZERO_ERROR;
    UTransliterator *trans = utrans_openU(to_traditional ? hans_hant : hant_hans, -1, UTRANS_FORWARD,
                                          NULL, 0, NULL, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    for (int32_t i = 0; i < n; i++) {
        UChar32 cp = ZH_HAN_FIRST + i;
        UChar buf[8];
        int32_t len = 0;
        UBool err = 0;
        U16_APPEND(buf, len, 8, cp, err);
        int32_t limit = len;
        UErrorCode c = U_ZERO_ERROR;
        utrans_transUChars(trans, buf, &len, 8, 0, &limit, &c);
        UChar32 out = cp;
        if (U_SUCCESS(c) && len > 0) {
            UChar32 first;
            int32_t k = 0;
            U16_NEXT(buf, k, len, first);
            if (k == len) out = first;
        }
        table[i] = (uint32_t)out;
    }
    utrans_close(trans);
    *status = U_ZERO_ERROR;
    return n;
}

int32_t zh_han_variants_compiled(int32_t to_traditional, uint32_t *table, int32_t capacity, int32_t *status) {
    int32_t n = ZH_HAN_LAST - ZH_HAN_FIRST + 1;
    if (capacity < n) {
        *status = U_BUFFER_OVERFLOW_ERROR;
        return n;
    }
    if (to_traditional) pthread_once(&hant_once, build_hant_table);
    else pthread_once(&hans_once, build_hans_table);
    const uint32_t *source = to_traditional ? hant_table : hans_table;
    if (source == NULL) {
        *status = to_traditional ? hant_status : hans_status;
        return 0;
    }
    memcpy(table, source, sizeof(uint32_t) * (size_t)n);
    *status = U_ZERO_ERROR;
    return n;
}

/* NFKC of one code point when it is a single code point, else the code point itself. */
static uint32_t nfkc_one(const UNormalizer2 *nfkc, uint32_t cp) {
    UErrorCode c = U_ZERO_ERROR;
    UChar src[4];
    int32_t slen = 0;
    UBool err = 0;
    U16_APPEND(src, slen, 4, (UChar32)cp, err);
    if (unorm2_quickCheck(nfkc, src, slen, &c) == UNORM_YES) return cp;
    UChar dst[16];
    c = U_ZERO_ERROR;
    int32_t dlen = unorm2_normalize(nfkc, src, slen, dst, 16, &c);
    if (U_SUCCESS(c) && dlen > 0) {
        UChar32 first;
        int32_t k = 0;
        U16_NEXT(dst, k, dlen, first);
        if (k == dlen) return (uint32_t)first;
    }
    return cp;
}

/* nfkc_one of every BMP code point, built on first use (a per-character normaliser call cost
   more than the rest of folding: CJK punctuation and full-width forms are in every line). */
static uint32_t *nfkc_bmp = NULL;
static pthread_once_t nfkc_once = PTHREAD_ONCE_INIT;

static void build_nfkc_table(void) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&code);
    if (U_FAILURE(code)) return;
    uint32_t *table = malloc(sizeof(uint32_t) * 0x10000);
    if (table == NULL) return;
    for (uint32_t cp = 0; cp < 0x10000; cp++) {
        int skip = cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x3400 && cp <= 0x4DBF)
            || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3);
        table[cp] = skip ? cp : nfkc_one(nfkc, cp);
    }
    nfkc_bmp = table;
}

int32_t zh_fold_scalars(uint32_t *scalars, int32_t count, uint32_t options, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = NULL;
    if (options & 1u) {
        nfkc = unorm2_getNFKCInstance(&code);
        if (U_FAILURE(code)) {
            *status = code;
            return 0;
        }
    }
    const uint32_t *han_table = NULL;
    if (options & 2u) {
        pthread_once(&hans_once, build_hans_table);
        if (hans_table == NULL) {
            *status = hans_status ? hans_status : U_INTERNAL_PROGRAM_ERROR;
            return 0;
        }
        han_table = hans_table;
    } else if (options & 4u) {
        pthread_once(&hant_once, build_hant_table);
        if (hant_table == NULL) {
            *status = hant_status ? hant_status : U_INTERNAL_PROGRAM_ERROR;
            return 0;
        }
        han_table = hant_table;
    }
    const uint32_t *bmp = NULL;
    if (nfkc != NULL) {
        pthread_once(&nfkc_once, build_nfkc_table);
        bmp = nfkc_bmp;
    }
    int32_t changed = 0;
    for (int32_t i = 0; i < count; i++) {
        uint32_t cp = scalars[i];
        /* Without a Han table, ASCII and the CJK Unified Ideographs (most of a Chinese text) stay
           as they are: passed over first, before the three ranges of `stable` and the table tests
           below (~15 instructions a code point, now ~8 for these). */
        if (han_table == NULL && (cp < 0x80 || cp - 0x4E00u <= 0x9FFFu - 0x4E00u)) continue;
        uint32_t out = cp;
        /* CJK ideographs and Hangul syllables are NFKC-stable: skip the normaliser for them. */
        int stable = (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3);
        if (nfkc != NULL && cp >= 0x80 && !stable) {
            out = bmp != NULL && cp < 0x10000 ? bmp[cp] : nfkc_one(nfkc, cp);
        }
        if (han_table != NULL && out >= ZH_HAN_FIRST && out <= ZH_HAN_LAST) {
            out = han_table[out - ZH_HAN_FIRST];
        }
        if (out != cp) {
            scalars[i] = out;
            changed++;
        }
    }
    *status = U_ZERO_ERROR;
    return changed;
}

/* Per Han code point of the BMP blocks, whether Hant→Hans changes it (bit 0) and whether
   Hans→Hant does (bit 1): one byte each, a quarter of one table, so the census of every line
   reads memory that stays in the cache (the two 108 KB tables did not). */
static uint8_t *census_table = NULL;
static pthread_once_t census_once = PTHREAD_ONCE_INIT;

static void build_census_table(void) {
    pthread_once(&hans_once, build_hans_table);
    pthread_once(&hant_once, build_hant_table);
    if (hans_table == NULL || hant_table == NULL) return;
    int32_t n = ZH_HAN_LAST - ZH_HAN_FIRST + 1;
    uint8_t *table = (uint8_t *)malloc((size_t)n);
    if (table == NULL) return;
    for (int32_t k = 0; k < n; k++) {
        uint32_t cp = (uint32_t)(ZH_HAN_FIRST + k);
        table[k] = (uint8_t)((hans_table[k] != cp ? 1 : 0) | (hant_table[k] != cp ? 2 : 0));
    }
    census_table = table;
}

void zh_script_census(const uint32_t *scalars, int32_t count, int32_t *han, int32_t *to_hans,
                      int32_t *to_hant, int32_t *status) {
    pthread_once(&census_once, build_census_table);
    if (census_table == NULL) {
        *status = hans_table == NULL ? (hans_status ? hans_status : U_INTERNAL_PROGRAM_ERROR)
                : hant_table == NULL ? (hant_status ? hant_status : U_INTERNAL_PROGRAM_ERROR)
                                     : U_MEMORY_ALLOCATION_ERROR;
        return;
    }
    int32_t h = 0, s = 0, t = 0;
    for (int32_t i = 0; i < count; i++) {
        uint32_t cp = scalars[i];
        if (cp < ZH_HAN_FIRST || cp > ZH_HAN_LAST) continue;
        h++;
        uint8_t c = census_table[cp - ZH_HAN_FIRST];
        s += c & 1;
        t += c >> 1;
    }
    *han = h;
    *to_hans = s;
    *to_hant = t;
    *status = U_ZERO_ERROR;
}

/* ---- charsets ---- */

int32_t zh_detect_charsets(const char *bytes, int32_t length, char *names, int32_t name_width,
                           int32_t *confidences, int32_t max, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    ucsdet_setText(det, bytes, length, &code);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(det, &found, &code);
    if (U_FAILURE(code)) {
        ucsdet_close(det);
        *status = code;
        return 0;
    }
    int32_t n = 0;
    for (int32_t i = 0; i < found && n < max; i++) {
        UErrorCode c = U_ZERO_ERROR;
        const char *name = ucsdet_getName(matches[i], &c);
        int32_t conf = ucsdet_getConfidence(matches[i], &c);
        if (U_FAILURE(c) || name == NULL) continue;
        strncpy(names + (size_t)n * (size_t)name_width, name, (size_t)name_width - 1);
        names[(size_t)n * (size_t)name_width + (size_t)name_width - 1] = 0;
        confidences[n] = conf;
        n++;
    }
    ucsdet_close(det);
    *status = U_ZERO_ERROR;
    return n;
}

int32_t zh_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                            uint16_t *dst, int32_t capacity, int32_t *error_offset, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    *error_offset = -1;
    UConverter *conv = ucnv_open(charset, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &code);
    if (U_FAILURE(code)) {
        ucnv_close(conv);
        *status = code;
        return 0;
    }
    UChar *target = (UChar *)dst;
    UChar *target_limit = (UChar *)dst + capacity;
    const char *source = bytes;
    const char *source_limit = bytes + length;
    int32_t produced = 0;
    /* Convert in one pass; on overflow count the rest with a scratch buffer. */
    ucnv_toUnicode(conv, &target, target_limit, &source, source_limit, NULL, 1, &code);
    produced = (int32_t)(target - (UChar *)dst);
    if (code == U_BUFFER_OVERFLOW_ERROR) {
        UChar scratch[1024];
        while (code == U_BUFFER_OVERFLOW_ERROR) {
            code = U_ZERO_ERROR;
            UChar *t = scratch;
            ucnv_toUnicode(conv, &t, scratch + 1024, &source, source_limit, NULL, 1, &code);
            produced += (int32_t)(t - scratch);
        }
        if (U_SUCCESS(code)) code = U_BUFFER_OVERFLOW_ERROR;
    }
    if (code == U_ILLEGAL_CHAR_FOUND || code == U_INVALID_CHAR_FOUND || code == U_TRUNCATED_CHAR_FOUND) {
        *error_offset = (int32_t)(source - bytes);
    }
    ucnv_close(conv);
    *status = code;
    return produced;
}

const char *zh_status_name(int32_t status) {
    return u_errorName((UErrorCode)status);
}
