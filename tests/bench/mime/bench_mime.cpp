// Builds and sends one message with a large attachment to postfix's
// smtp-sink on 127.0.0.1 and prints the time and the peak memory above the
// idle process, for the attachment streamed from a file (CLI --attach) and
// given as base64 in the step's JSON (workflow path).
// Each case runs --runs times (the machine may be shared); CPU time is
// user + system of this process.
//   bench_mime [--mb 25] [--runs 3] [--sink /usr/sbin/smtp-sink]
#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/MimeMessage.h"
#include "connectors/smtp/SendEmailJob.h"
#include "connectors/smtp/SmtpClient.h"
#include "tests/bench/LoopbackPorts.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace connectors::smtp;

using benchsupport::freePort;
using benchsupport::waitForPort;

namespace {

// kB from /proc/self/status ("VmRSS", "VmHWM").
qint64 statusKb(const char* key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key) + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// The 1, 5 and 15 minute load averages: numbers taken on a busy machine say so.
QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return "?";
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.mid(0, 3).join(' ');
}

// Linux: make VmHWM start again from the current RSS.
void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

SendResult sendOnce(const SmtpSettings& s, const MimeMessage& mime)
{
    SmtpClient client(s);
    std::unique_ptr<SendReply> reply(
        client.send(mime.envelope(),
                    [mime](const SmtpCapabilities& caps) { return mime.open(caps.eightBitMime); }));
    QEventLoop loop;
    QObject::connect(reply.get(), &SendReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return reply->result();
}

// CPU seconds (user + system) this process used so far.
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void report(const char* what, qint64 buildMs, qint64 totalMs, double cpu, qint64 idleKb,
            const SendResult& r)
{
    const qint64 peak = statusKb("VmHWM:");
    std::printf("%-28s build %5lld ms  build+send %6lld ms  CPU %6.0f ms  peak RSS above idle "
                "%6.1f MB  (%d %s)\n",
                what, (long long)buildMs, (long long)totalMs, cpu * 1000, (peak - idleKb) / 1024.0,
                r.code, qPrintable(r.error.isEmpty() ? QStringLiteral("sent") : r.error));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    int mb = 25;
    int runs = 3;
    QString sink = QStringLiteral("/usr/sbin/smtp-sink");
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--mb"))
            mb = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--sink"))
            sink = args.at(i + 1);
    }
    const quint16 port = freePort();
    QProcess sinkProcess;
    // -c prints a running count; nobody reads it, and a full pipe would stall the sink.
    sinkProcess.setStandardOutputFile(QProcess::nullDevice());
    sinkProcess.start(sink, {QStringLiteral("-u"), QStringLiteral("postfix"), QStringLiteral("-c"),
                             QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("100")});
    if (!sinkProcess.waitForStarted() || !waitForPort(port)) {
        std::fprintf(stderr, "cannot start %s\n", qPrintable(sink));
        return 1;
    }
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    s.tlsMode = SmtpSettings::TlsMode::None;
    s.ehloName = QStringLiteral("bench.example.test");

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.pdf"));
    {
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        QRandomGenerator random(7);
        QByteArray block(1024 * 1024, Qt::Uninitialized);
        for (int i = 0; i < mb; ++i) {
            random.fillRange(reinterpret_cast<quint32*>(block.data()), block.size() / 4);
            f.write(block);
        }
    }
    auto base = EmailMessage::fromProperties(QJsonObject{
        {QStringLiteral("From"), QStringLiteral("bench@example.com")},
        {QStringLiteral("To"), QStringLiteral("sink@example.com")},
        {QStringLiteral("Subject"), QStringLiteral("Large attachment")},
        {QStringLiteral("Body"), QStringLiteral("See attached.")},
    });
    // Warm up the connection code and the allocator with a small message.
    sendOnce(s, *MimeMessage::build(*base));

    const qint64 idleKb = statusKb("VmRSS:");
    std::printf("idle RSS %.1f MB, attachment %d MB, load average %s\n", idleKb / 1024.0, mb,
                loadAverage().constData());

    // 1. Streamed from a file (CLI --attach).
    for (int run = 0; run < runs; ++run) {
        resetPeak();
        const double cpu0 = cpuSeconds();
        QElapsedTimer t;
        t.start();
        EmailMessage m = *base;
        EmailMessage::Attachment a;
        a.filePath = path;
        a.fileName = QStringLiteral("big.pdf");
        m.attachments << a;
        auto mime = MimeMessage::build(m);
        const qint64 built = t.elapsed();
        const SendResult r = sendOnce(s, *mime);
        report("file attachment (streamed)", built, t.elapsed(), cpuSeconds() - cpu0, idleKb, r);
    }
    // 2. Base64 in the step's inputs (a workflow): the JSON text itself is
    // the input; measured from the JSON already in memory.
    {
        QByteArray raw;
        {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            raw = f.readAll();
        }
        QJsonObject props{
            {QStringLiteral("From"), QStringLiteral("bench@example.com")},
            {QStringLiteral("To"), QStringLiteral("sink@example.com")},
            {QStringLiteral("Subject"), QStringLiteral("Large attachment")},
            {QStringLiteral("Body"), QStringLiteral("See attached.")},
            {QStringLiteral("Attachments"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("ContentData"), QString::fromLatin1(raw.toBase64())},
                             {QStringLiteral("FileName"), QStringLiteral("big.pdf")}}}},
        };
        raw.clear();
        raw.squeeze();
        // The idle process of a run already holds the step's inputs, so they
        // are the baseline here: what is measured is what sending adds.
        const qint64 inputKb = statusKb("VmRSS:");
        std::printf("base64 case: idle = the process with the step's JSON inputs already in "
                    "memory (they hold %.1f MB)\n",
                    (inputKb - idleKb) / 1024.0);
        // A run checks the workflow first: the operation's validate hook
        // looks at the literal ContentData too. Measured before any send, so
        // no memory a send freed is counted.
        for (int run = 0; run < runs; ++run) {
            resetPeak();
            const double cpu0 = cpuSeconds();
            QElapsedTimer t;
            t.start();
            const QList<engine::Error> errors = SendEmailJob::validateProperties(props);
            const qint64 ms = t.elapsed();
            std::printf("%-28s %5lld ms  CPU %6.0f ms  peak RSS above idle %6.1f MB  (%lld "
                        "problems)\n",
                        "validate hook", (long long)ms, (cpuSeconds() - cpu0) * 1000,
                        (statusKb("VmHWM:") - inputKb) / 1024.0, (long long)errors.size());
        }
        for (int run = 0; run < runs; ++run) {
            resetPeak();
            const double cpu0 = cpuSeconds();
            QElapsedTimer t;
            t.start();
            auto m = EmailMessage::fromProperties(props);
            auto mime = MimeMessage::build(*m);
            const qint64 built = t.elapsed();
            const SendResult r = sendOnce(s, *mime);
            report("base64 in JSON inputs", built, t.elapsed(), cpuSeconds() - cpu0, inputKb, r);
        }
    }
    std::printf("load average %s\n", loadAverage().constData());
    sinkProcess.kill();
    sinkProcess.waitForFinished();
    return 0;
}
