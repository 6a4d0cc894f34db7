#include "tests/support/Paths.h"

#include <QDir>
#include <QProcessEnvironment>

namespace testsupport {
namespace {

QString fromEnv(const char* name, const QString& fallback)
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? fallback : value;
}

} // namespace

QString sharedDir()
{
    return fromEnv("LOGICAPP_SHARED_DIR", sourceDir() + QStringLiteral("/../shared"));
}

QString samplesDir()
{
    return sharedDir() + QStringLiteral("/wdl-samples");
}

QString sourceDir()
{
    return fromEnv("LOGICAPP_SOURCE_DIR", QStringLiteral(LOGICAPP_SUPPORT_DIR "/../.."));
}

QString python()
{
    return fromEnv("LOGICAPP_PYTHON", QStringLiteral("/usr/bin/python3"));
}

QString cliPath()
{
    return fromEnv("LOGICAPP_CLI", QStringLiteral(LOGICAPP_APP_DIR "/logicapp"));
}

} // namespace testsupport
