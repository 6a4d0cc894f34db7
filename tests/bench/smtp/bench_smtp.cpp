// Throughput of SmtpClient and SmtpPool against postfix's smtp-sink on
// loopback, next to Python's smtplib on the same sink. Prints msgs/s, the
// best of --runs runs each (the machine may be shared), with the CPU time
// (user + system) this process spent per message and the load average.
//   bench_smtp [--messages N] [--runs R] [--pool SIZE] [--sink /usr/sbin/smtp-sink]
//              [--python /usr/bin/python3]
#include "connectors/smtp/SmtpClient.h"
#include "connectors/smtp/SmtpPool.h"
#include "tests/bench/LoopbackPorts.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace connectors::smtp;

using benchsupport::freePort;
using benchsupport::waitForPort;

namespace {

QByteArray oneKilobyteMessage()
{
    QByteArray m = "From: bench@example.test\r\nTo: sink@example.test\r\nSubject: bench\r\n"
                   "Message-ID: <bench@example.test>\r\n\r\n";
    while (m.size() < 1024 - 74)
        m += "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
    return m;
}

std::unique_ptr<QIODevice> buffer(const QByteArray& bytes)
{
    auto b = std::make_unique<QBuffer>();
    b->setData(bytes);
    return b;
}

// CPU seconds (user + system) this process used so far.
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

template <typename Sender>
double measure(Sender& sender, int n, const QByteArray& message, int* failures)
{
    Envelope e;
    e.from = QStringLiteral("bench@example.test");
    e.recipients = {QStringLiteral("sink@example.test")};
    e.sizeHint = message.size();
    int done = 0;
    *failures = 0;
    QEventLoop loop;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        SendReply* r = sender.send(e, buffer(message));
        QObject::connect(r, &SendReply::finished, &loop, [&, r] {
            if (r->result().code != 200 && (*failures)++ == 0)
                std::fprintf(stderr, "send failed: %s\n", qPrintable(r->result().error));
            r->deleteLater();
            if (++done == n)
                loop.quit();
        });
    }
    loop.exec();
    return n * 1000.0 / std::max<qint64>(1, t.elapsed());
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    int n = 20000;
    int runs = 3;
    int poolSize = 10;
    QString sink = QStringLiteral("/usr/sbin/smtp-sink");
    QString python = QStringLiteral("/usr/bin/python3");
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--messages"))
            n = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--sink"))
            sink = args.at(i + 1);
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--pool"))
            poolSize = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--python"))
            python = args.at(i + 1);
    }
    const quint16 port = freePort();
    QProcess sinkProcess;
    // -c prints a running count; nobody reads it, and a full pipe would stall the sink.
    sinkProcess.setStandardOutputFile(QProcess::nullDevice());
    sinkProcess.start(sink, {QStringLiteral("-u"), QStringLiteral("postfix"), QStringLiteral("-c"),
                             QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("1000")});
    if (!sinkProcess.waitForStarted() || !waitForPort(port)) {
        std::fprintf(stderr, "cannot start %s\n", qPrintable(sink));
        return 1;
    }
    const QByteArray message = oneKilobyteMessage();
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    s.tlsMode = SmtpSettings::TlsMode::None;
    s.ehloName = QStringLiteral("bench.example.test");

    int failures = 0;
    // Warm-up (connection setup, allocations).
    {
        SmtpClient warm(s);
        measure(warm, 200, message, &failures);
    }
    double one = 0, oneCpuUs = 0, ten = 0, tenCpuUs = 0;
    int oneFailures = 0, tenFailures = 0;
    for (int run = 0; run < runs; ++run) {
        double cpu0 = cpuSeconds();
        {
            SmtpClient client(s);
            const double rate = measure(client, n, message, &failures);
            const double cpu = (cpuSeconds() - cpu0) * 1e6 / n;
            if (rate > one) {
                one = rate;
                oneCpuUs = cpu;
            }
            oneFailures += failures;
        }
        cpu0 = cpuSeconds();
        {
            SmtpPool pool(s, poolSize);
            const double rate = measure(pool, n, message, &failures);
            const double cpu = (cpuSeconds() - cpu0) * 1e6 / n;
            if (rate > ten) {
                ten = rate;
                tenCpuUs = cpu;
            }
            tenFailures += failures;
        }
    }

    // Python smtplib over one reused connection, same message, same sink.
    const QString script = QStringLiteral(
        "import smtplib,sys,time\n"
        "n=int(sys.argv[2]); msg=open(sys.argv[3],'rb').read()\n"
        "s=smtplib.SMTP('127.0.0.1',int(sys.argv[1]),local_hostname='bench.example.test')\n"
        "s.ehlo()\n"
        "for i in range(200): s.sendmail('bench@example.test',['sink@example.test'],msg)\n"
        "t=time.perf_counter()\n"
        "for i in range(n): s.sendmail('bench@example.test',['sink@example.test'],msg)\n"
        "e=time.perf_counter()-t\n"
        "s.quit()\n"
        "print(n/e)\n");
    QFile msgFile(
        QStringLiteral("/tmp/bench_smtp_message_%1.eml").arg(QCoreApplication::applicationPid()));
    msgFile.open(QIODevice::WriteOnly);
    msgFile.write(message);
    msgFile.close();
    double smtplib = 0;
    for (int run = 0; run < runs; ++run) {
        QProcess py;
        py.start(python, {QStringLiteral("-c"), script, QString::number(port), QString::number(n),
                          msgFile.fileName()});
        py.waitForFinished(600000);
        smtplib = std::max(smtplib, py.readAllStandardOutput().trimmed().toDouble());
    }
    msgFile.remove();
    QFile loadFile(QStringLiteral("/proc/loadavg"));
    const QByteArray load =
        loadFile.open(QIODevice::ReadOnly) ? loadFile.readAll().trimmed() : QByteArray("?");

    sinkProcess.terminate();
    sinkProcess.waitForFinished(3000);

    std::printf("messages per run:           %d (1 KB each), best of %d runs\n", n, runs);
    std::printf("load average at the end:    %s\n", load.constData());
    std::printf("SmtpClient, 1 connection:   %.0f msg/s, %.0f us CPU/msg%s\n", one, oneCpuUs,
                oneFailures ? " (with failures!)" : "");
    std::printf("SmtpPool, %d connections:   %.0f msg/s, %.0f us CPU/msg%s\n", poolSize, ten,
                tenCpuUs, tenFailures ? " (with failures!)" : "");
    std::printf("Python smtplib, 1 conn:     %.0f msg/s\n", smtplib);
    if (smtplib > 0)
        std::printf("ratio SmtpClient/smtplib:   %.2fx\n", one / smtplib);
    return (oneFailures || tenFailures) ? 1 : 0;
}
