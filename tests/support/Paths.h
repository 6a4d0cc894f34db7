#pragma once

#include <QString>

namespace testsupport {

// ../shared next to the checkout (LOGICAPP_SHARED_DIR), where the real
// workflow samples and tools live.
QString sharedDir();
// .../shared/wdl-samples
QString samplesDir();
// The repository root.
QString sourceDir();
// Debian's python3 (has aiosmtpd).
QString python();
// The built `logicapp` CLI.
QString cliPath();

} // namespace testsupport
