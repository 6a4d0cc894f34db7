#include "app/cli/StopSignals.h"
#include "app/cli/TriggerCommands.h"
#include "connectors/catcher/MailCatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace cli {

int runCatcher(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "cli", "Runs the built-in local mail catcher: an SMTP server on 127.0.0.1 that "
               "accepts any mail and stores it as .eml files in a Maildir."));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QCoreApplication::translate("cli", "Port to listen on (default 2525)."),
        QStringLiteral("N"), QStringLiteral("2525"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QCoreApplication::translate("cli", "Maildir to store mail in."),
                                 QStringLiteral("D"));
    const QCommandLineOption startTls(
        QStringLiteral("starttls"),
        QCoreApplication::translate("cli", "Offer STARTTLS with a self-signed certificate."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("cli", "Show this help."));
    parser.addOptions({port, dir, startTls, help});
    if (!parser.parse(QStringList{QStringLiteral("logicapp catcher")} + args)) {
        io.err << "logicapp catcher: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "logicapp catcher: unexpected argument '" << parser.positionalArguments().first()
               << "'\n";
        return ExitUsage;
    }
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535) {
        io.err << "logicapp catcher: --port: '" << parser.value(port)
               << "' is not a port number (0-65535)\n";
        return ExitUsage;
    }
    connectors::catcher::MailCatcher::Options options;
    options.port = quint16(portNumber);
    options.dir = parser.isSet(dir) ? QDir(parser.value(dir)).absolutePath() : QString();
    options.startTls = parser.isSet(startTls);
    connectors::catcher::MailCatcher catcher(options);
    if (!catcher.start()) {
        io.err << "logicapp catcher: cannot listen on 127.0.0.1:" << portNumber << ": "
               << catcher.lastError() << '\n';
        return ExitConnect;
    }
    io.out << "Catching mail on 127.0.0.1:" << catcher.serverPort()
           << (catcher.certificate().isNull() ? "" : " (STARTTLS)") << "\nMail goes to "
           << catcher.maildir().root() << "/new\nPress Ctrl+C to stop.\n";
    io.out.flush();
    QObject::connect(&catcher, &connectors::catcher::MailCatcher::messageStored, &catcher,
                     [&io](const QString& path) {
                         io.out << "stored " << path << '\n';
                         io.out.flush();
                     });
    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, &catcher, [&catcher] {
        catcher.close();
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    io.out << "stopped\n";
    return ExitOk;
}

} // namespace cli
