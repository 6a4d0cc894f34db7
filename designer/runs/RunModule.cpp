#include "designer/runs/RunModule.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLibrary>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRunModule, "logicapp.designer.runmodule", QtInfoMsg)

namespace designer {

namespace {

const RunServices*& installed()
{
    static const RunServices* services = nullptr;
    return services;
}

} // namespace

void RunModule::install(const RunServices* services)
{
    installed() = services;
}

bool RunModule::isLoaded()
{
    return installed() != nullptr;
}

const RunServices* RunModule::services(QString* error)
{
    if (const RunServices* services = installed())
        return services;
    static QString failure;
    if (failure.isEmpty()) {
        QElapsedTimer timer;
        timer.start();
        // Beside the program, where the build and an installation put it.
        QLibrary library(QDir(QCoreApplication::applicationDirPath())
                             .filePath(QStringLiteral("logicapp-runtime")));
        // Loading runs the module's installer (see RunModuleEntry.cpp).
        if (!library.load())
            failure = library.errorString();
        else if (!installed())
            failure =
                QCoreApplication::translate("designer::RunModule", "%1 installs no run services")
                    .arg(library.fileName());
        else
            qCInfo(lcRunModule, "run module loaded in %.1f ms", timer.nsecsElapsed() / 1e6);
    }
    if (error && !installed())
        *error = QCoreApplication::translate("designer::RunModule",
                                             "the run module cannot be loaded: %1")
                     .arg(failure);
    return installed();
}

} // namespace designer
