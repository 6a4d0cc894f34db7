#include "tests/support/SmtpdServer.h"

#include "tests/support/Paths.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

namespace testsupport {

SmtpdServer::SmtpdServer() = default;

SmtpdServer::~SmtpdServer()
{
    stop();
}

bool SmtpdServer::start(const Options& o, QString* error)
{
    QStringList args{QStringLiteral(LOGICAPP_SUPPORT_DIR "/smtpd_server.py"),
                     QStringLiteral("--maildir"), m_dir.path()};
    if (!o.certFile.isEmpty())
        args << QStringLiteral("--tls-cert") << o.certFile << QStringLiteral("--tls-key")
             << o.keyFile;
    if (o.implicitTls)
        args << QStringLiteral("--implicit");
    if (o.requireStartTls)
        args << QStringLiteral("--require-starttls");
    if (!o.user.isEmpty())
        args << QStringLiteral("--auth") << (o.user + QLatin1Char(':') + o.password);
    if (o.authPlaintext)
        args << QStringLiteral("--auth-plaintext");
    if (o.sizeLimit > 0)
        args << QStringLiteral("--size") << QString::number(o.sizeLimit);
    if (o.pipelining)
        args << QStringLiteral("--pipelining");
    if (!o.refusePrefix.isEmpty())
        args << QStringLiteral("--refuse-prefix") << o.refusePrefix;
    m_process.start(python(), args);
    if (!m_process.waitForStarted(10000)) {
        if (error)
            *error = QStringLiteral("cannot start %1: %2").arg(python(), m_process.errorString());
        return false;
    }
    QByteArray out;
    QDeadlineTimer deadline(20000);
    while (!out.contains('\n') && !deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running)
            break;
        m_process.waitForReadyRead(200);
        out += m_process.readAllStandardOutput();
    }
    const QByteArray line = out.trimmed();
    if (!line.startsWith("PORT ")) {
        m_stderr += m_process.readAllStandardError();
        if (error)
            *error = QStringLiteral("aiosmtpd did not start: %1 %2")
                         .arg(QString::fromUtf8(out), QString::fromUtf8(m_stderr));
        return false;
    }
    m_port = quint16(line.mid(5).toUInt());
    return m_port != 0;
}

void SmtpdServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QString SmtpdServer::log()
{
    m_stderr += m_process.readAllStandardError();
    return QString::fromUtf8(m_stderr);
}

QList<ReceivedMessage> SmtpdServer::messages() const
{
    QList<ReceivedMessage> list;
    QDir dir(m_dir.path());
    const QStringList metas = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : metas) {
        QFile meta(dir.filePath(name));
        if (!meta.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(meta.readAll()).object();
        ReceivedMessage m;
        m.mailFrom = o.value(QStringLiteral("mail_from")).toString();
        for (const auto& v : o.value(QStringLiteral("rcpt_tos")).toArray())
            m.rcptTos.append(v.toString());
        for (const auto& v : o.value(QStringLiteral("mail_options")).toArray())
            m.mailOptions.append(v.toString());
        for (const auto& v : o.value(QStringLiteral("rcpt_options")).toArray())
            m.rcptOptions.append(v.toString());
        m.tls = o.value(QStringLiteral("tls")).toBool();
        m.authenticated = o.value(QStringLiteral("auth")).toBool();
        m.emlPath =
            dir.filePath(QString(name).replace(QLatin1String(".json"), QLatin1String(".eml")));
        QFile eml(m.emlPath);
        if (eml.open(QIODevice::ReadOnly))
            m.data = eml.readAll();
        list.append(m);
    }
    return list;
}

bool SmtpdServer::waitForMessages(int count, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (messages().size() >= count)
            return true;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(20);
    }
    return messages().size() >= count;
}

} // namespace testsupport
