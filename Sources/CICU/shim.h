// Only CICUBridge's implementation files depend on this module, for ICU's pkg-config flags.
#include <unicode/utypes.h>
