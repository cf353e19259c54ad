#include "CICUBridge.h"
#include <unicode/utypes.h>
#include <unicode/uversion.h>
#include <cstdlib>
#include <cstring>

extern "C" const char *sift_error_name(int32_t status) {
    return u_errorName(static_cast<UErrorCode>(status));
}

extern "C" void sift_icu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    if (capacity > 0) {
        std::strncpy(buffer, text, capacity - 1);
        buffer[capacity - 1] = 0;
    }
}

extern "C" void sift_free(void *pointer) { std::free(pointer); }
