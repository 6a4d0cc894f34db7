#include "app/cli/SmtpFlags.h"
#include "connectors/smtp/ConnectionTest.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::TestConnectionCommand", text);
}

void printHelp(QTextStream& out)
{
    out << tr("Usage: logicapp test-connection --server HOST[:PORT] [connection flags]\n"
              "       [--probe-rcpt ADDRESS [--probe-from ADDRESS]] [--auto-detect] [--json]\n"
              "       [--transcript]\n\n"
              "Checks an SMTP server stage by stage (DNS, TCP, greeting, EHLO, TLS, AUTH,\n"
              "optional MAIL/RCPT probe ended with RSET - no mail is sent - and QUIT) and\n"
              "explains what failed and how to fix it.\n\n")
        << SmtpFlags::help()
        << tr("\nTest:\n"
              "  --probe-rcpt A             ask whether the server accepts recipient A\n"
              "  --probe-from A             sender for the probe (default: the user name)\n"
              "  --auto-detect              try 465/implicit TLS, 587/STARTTLS and 25\n"
              "  --json                     print the report as JSON\n"
              "  --transcript               print the dialogue as it happens\n\n"
              "Exit codes: 0 ok, 2 usage, 3 connect/DNS, 4 TLS, 5 auth, 6 refused,\n"
              "7 other server error, 8 timeout.\n");
}

void printReport(const connectors::smtp::ConnectionReport& r, QTextStream& out)
{
    if (!r.attempts.isEmpty()) {
        // Auto-detect: what each port/TLS pair gave, then the one chosen.
        out << tr("Auto-detect on %1:\n").arg(r.host);
        for (const QJsonValue& v : r.attempts) {
            const QJsonObject a = v.toObject();
            const QString where = tr("port %1 (%2)")
                                      .arg(a.value(QStringLiteral("port")).toInt())
                                      .arg(a.value(QStringLiteral("tlsMode")).toString());
            if (a.value(QStringLiteral("ok")).toBool())
                out << tr("  %1: works\n").arg(where);
            else
                out << tr("  %1: fails at %2: %3\n")
                           .arg(where, a.value(QStringLiteral("failedStage")).toString(),
                                a.value(QStringLiteral("error")).toString());
        }
        out << (r.ok ? tr("Using the first that works:\n") : tr("None works; the last:\n"));
    }
    out << tr("Server: %1 port %2 (%3)\n").arg(r.host).arg(r.port).arg(r.tlsMode);
    for (const auto& s : r.stages)
        out << QStringLiteral("  [%1] %2 %3 ms %4\n")
                   .arg(s.ok ? QStringLiteral(" ok ") : QStringLiteral("FAIL"))
                   .arg(s.name, -9)
                   .arg(s.ms, 6)
                   .arg(s.detail);
    if (!r.tlsProtocol.isEmpty() || !r.chain.isEmpty()) {
        out << tr("TLS: %1 %2\n").arg(r.tlsProtocol, r.cipher);
        out << tr("Certificate: %1\n").arg(r.verification);
        for (const auto& c : r.chain)
            out << tr("  subject %1, issuer %2, valid %3 to %4\n  sha256 %5\n")
                       .arg(c.subject, c.issuer, c.notBefore.toString(Qt::ISODate),
                            c.notAfter.toString(Qt::ISODate), c.sha256);
    }
    if (r.capabilitiesKnown) {
        out << tr("Capabilities: %1\n").arg(r.capabilities.keywords.join(QStringLiteral(", ")));
        out << tr("AUTH mechanisms: %1\n")
                   .arg(r.capabilities.authMechanisms.isEmpty()
                            ? tr("none offered")
                            : r.capabilities.authMechanisms.join(QLatin1Char(' ')));
    }
    if (!r.authMechanism.isEmpty())
        out << tr("Logged in with %1\n").arg(r.authMechanism);
    for (const auto& p : r.probe)
        out << tr("Probe %1: %2\n").arg(p.address, p.reply);
    if (r.ok) {
        out << tr("Result: OK\n");
    } else {
        out << tr("Result: FAILED at %1: %2\n").arg(r.failedStage, r.error);
        out << tr("What to do: %1\n").arg(r.diagnosis);
    }
}

} // namespace

int runTestConnection(const QStringList& argsIn, Io& io)
{
    QStringList args = argsIn;
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        printHelp(io.out);
        return ExitOk;
    }
    // --auto-detect does not need a port; give the flags parser a host only.
    auto settings = SmtpFlags::take(args);
    if (!settings) {
        io.err << "logicapp test-connection: " << settings.error().field << ' '
               << settings.error().message << '\n';
        return ExitUsage;
    }
    QString probeRcpt, probeFrom;
    bool autoDetect = false, json = false, transcript = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if ((a == QLatin1String("--probe-rcpt") || a == QLatin1String("--probe-from"))) {
            if (i + 1 >= args.size()) {
                io.err << "logicapp test-connection: " << a << ' ' << tr("needs a value") << '\n';
                return ExitUsage;
            }
            (a == QLatin1String("--probe-rcpt") ? probeRcpt : probeFrom) = args.at(++i);
        } else if (a == QLatin1String("--auto-detect")) {
            autoDetect = true;
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--transcript")) {
            transcript = true;
        } else {
            io.err << "logicapp test-connection: " << tr("unknown argument '%1'").arg(a) << '\n';
            return ExitUsage;
        }
    }
    if (probeFrom.isEmpty())
        probeFrom = settings->user.contains(QLatin1Char('@')) ? settings->user : QString();

    connectors::smtp::ConnectionTest test(settings.value());
    if (!probeRcpt.isEmpty())
        test.setProbe(probeFrom, probeRcpt);
    if (transcript) {
        QObject::connect(&test, &connectors::smtp::ConnectionTest::transcriptLine, &test,
                         [&io](const QJsonObject& e) {
                             io.err << QStringLiteral("%1 %2 %3\n")
                                           .arg(e.value(QStringLiteral("ms")).toInteger(), 6)
                                           .arg(e.value(QStringLiteral("dir")).toString(),
                                                e.value(QStringLiteral("line")).toString());
                             io.err.flush();
                         });
    }
    QEventLoop loop;
    QObject::connect(&test, &connectors::smtp::ConnectionTest::finished, &loop, &QEventLoop::quit);
    if (autoDetect)
        test.startAutoDetect();
    else
        test.start();
    if (!test.isFinished())
        loop.exec();
    const connectors::smtp::ConnectionReport& r = test.report();
    if (json)
        io.out << QJsonDocument(r.toJson()).toJson(QJsonDocument::Indented);
    else
        printReport(r, io.out);
    io.out.flush();
    return SmtpFlags::exitCode(r.failure);
}

} // namespace cli
