// Runs per second of a one-step Send email workflow: each run goes through
// the Executor on its own thread (inputs evaluated, the job from the
// catalogue, the shared SMTP pool) to postfix's smtp-sink on 127.0.0.1, and
// is recorded in a RunStore as the designer records it. Meanwhile a 1 ms
// timer on the main thread measures the longest stall of its event loop,
// which is what the window would feel.
//
//   bench_runtime [--runs N] [--in-flight K] [--no-store] [--sink PATH]
//
// With --foreach R it makes one run instead, whose Foreach sends the N mails
// R at a time (runtimeConfiguration.concurrency.repetitions), and reports
// mails per second.

#include "connectors/Connectors.h"
#include "engine/runtime/Executor.h"
#include "engine/runtime/RunRecorder.h"
#include "engine/runtime/RunStore.h"
#include "tests/bench/LoopbackPorts.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using benchsupport::freePort;
using benchsupport::waitForPort;

namespace {

QJsonObject definition()
{
    const QJsonObject parameters{{"from", "bench@example.com"},
                                 {"to", "@{triggerBody()?['Email']}"},
                                 {"subject", "Welcome, @{triggerBody()?['FirstName']}"},
                                 {"body", "Hello @{triggerBody()?['FirstName']},\nthank you."},
                                 {"isHTML", false}};
    const QJsonObject send{
        {"type", "ServiceProvider"},
        {"runAfter", QJsonObject()},
        {"inputs", QJsonObject{{"parameters", parameters},
                               {"serviceProviderConfiguration",
                                QJsonObject{{"connectionName", "sink"},
                                            {"operationId", "sendEmail"},
                                            {"serviceProviderId", "/serviceProviders/Smtp"}}}}}};
    return QJsonObject{{"triggers", QJsonObject{{"manual", QJsonObject{{"type", "Request"}}}}},
                       {"actions", QJsonObject{{"Send_email", send}}}};
}

// One Foreach over `count` leads sending each a mail, `repetitions` at a time.
QJsonObject foreachDefinition(int count, int repetitions)
{
    const QJsonObject actions = definition().value(QStringLiteral("actions")).toObject();
    QJsonObject send = actions.value(QStringLiteral("Send_email")).toObject();
    QJsonObject inputs = send.value(QStringLiteral("inputs")).toObject();
    QJsonObject parameters = inputs.value(QStringLiteral("parameters")).toObject();
    parameters.insert(QStringLiteral("to"), QStringLiteral("lead@{item()}@example.com"));
    parameters.insert(QStringLiteral("subject"), QStringLiteral("Welcome, lead @{item()}"));
    parameters.insert(QStringLiteral("body"), QStringLiteral("Hello lead @{item()},\nthank you."));
    inputs.insert(QStringLiteral("parameters"), parameters);
    send.insert(QStringLiteral("inputs"), inputs);
    const QJsonObject loop{
        {"type", "Foreach"},
        {"foreach", QStringLiteral("@range(0, %1)").arg(count)},
        {"runtimeConfiguration",
         QJsonObject{{"concurrency", QJsonObject{{"repetitions", repetitions}}}}},
        {"actions", QJsonObject{{"Send_email", send}}}};
    return QJsonObject{{"triggers", QJsonObject{{"manual", QJsonObject{{"type", "Request"}}}}},
                       {"actions", QJsonObject{{"Each_lead", loop}}}};
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOpt("runs", "Runs to make.", "N", "1000");
    const QCommandLineOption inFlightOpt("in-flight", "Runs going at once.", "K", "1");
    const QCommandLineOption noStoreOpt("no-store", "Do not record runs.");
    const QCommandLineOption mainStoreOpt(
        "record-in-main", "Record on the main thread (default: the executor's, as the designer).");
    const QCommandLineOption sinkOpt("sink", "smtp-sink binary.", "PATH", "/usr/sbin/smtp-sink");
    const QCommandLineOption foreachOpt(
        "foreach", "One run whose Foreach sends the N mails, R at a time.", "R");
    parser.addOptions({runsOpt, inFlightOpt, noStoreOpt, mainStoreOpt, sinkOpt, foreachOpt});
    parser.addHelpOption();
    parser.process(app);
    const int mails = parser.value(runsOpt).toInt();
    const bool inLoop = parser.isSet(foreachOpt);
    const int repetitions = std::clamp(parser.value(foreachOpt).toInt(), 1, 50);
    const int total = inLoop ? 1 : mails;
    const int inFlight = std::max(1, parser.value(inFlightOpt).toInt());

    const quint16 port = freePort();
    QProcess sink;
    sink.start(parser.value(sinkOpt),
               {"-u", "postfix", "-c", QStringLiteral("127.0.0.1:%1").arg(port), "1000"});
    if (!sink.waitForStarted() || !waitForPort(port)) {
        std::fprintf(stderr, "cannot start smtp-sink on port %d\n", port);
        return 1;
    }

    engine::RunEnvironment env;
    env.catalogue = &connectors::catalogue();
    env.connectionFor = [port](const QJsonObject&) -> engine::Result<QJsonObject> {
        return QJsonObject{{"serverAddress", "127.0.0.1"}, {"port", port}, {"enableSSL", false}};
    };
    QThread thread;
    auto* executor = new engine::Executor(env);
    executor->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, executor, &QObject::deleteLater);
    thread.start();

    QTemporaryDir dir;
    std::unique_ptr<engine::RunStore> store;
    std::unique_ptr<engine::RunRecorder> recorder;
    const QString storePath = dir.filePath("runs.sqlite");
    if (!parser.isSet(noStoreOpt) && parser.isSet(mainStoreOpt)) {
        auto opened = engine::RunStore::open(storePath);
        if (!opened) {
            std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
            return 1;
        }
        store = std::move(*opened);
        recorder = std::make_unique<engine::RunRecorder>(executor, store.get());
    } else if (!parser.isSet(noStoreOpt)) {
        // As designer::RunController does: a writer of its own in the executor's thread.
        bool opened = false;
        QMetaObject::invokeMethod(
            executor,
            [&] {
                auto writer = engine::RunStore::open(storePath);
                if (!writer)
                    return;
                opened = true;
                engine::RunStore* raw = writer->release();
                new engine::RunRecorder(executor, raw, executor);
                QObject::connect(executor, &QObject::destroyed, [raw] { delete raw; });
            },
            Qt::BlockingQueuedConnection);
        if (!opened) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(storePath));
            return 1;
        }
    }

    // The main thread's event loop: the longest gap between 1 ms ticks.
    QElapsedTimer tick;
    qint64 longestStall = 0;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (tick.isValid())
            longestStall = std::max(longestStall, tick.restart());
        else
            tick.start();
    });

    const QJsonObject def = inLoop ? foreachDefinition(mails, repetitions) : definition();
    int started = 0;
    int finished = 0;
    int succeeded = 0;
    QString firstError;
    auto startOne = [&] {
        engine::RunRequest r;
        r.workflowName = QStringLiteral("bench");
        r.definition = def;
        r.triggerOutputs = QJsonObject{
            {"body", QJsonObject{{"FirstName", QStringLiteral("Lead %1").arg(started)},
                                 {"Email", QStringLiteral("lead%1@example.com").arg(started)}}}};
        ++started;
        executor->start(r);
    };
    QElapsedTimer clock;
    QObject::connect(executor, &engine::Executor::runFinished, &app, [&](const engine::Run& run) {
        ++finished;
        if (run.status == engine::RunStatus::Succeeded)
            ++succeeded;
        else if (firstError.isEmpty())
            firstError = run.error;
        if (started < total)
            startOne();
        if (finished == total)
            app.quit();
    });
    clock.start();
    probe.start();
    for (int i = 0; i < std::min(inFlight, total); ++i)
        startOne();
    app.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    probe.stop();
    thread.quit();
    thread.wait();
    QCoreApplication::sendPostedEvents();
    recorder.reset();
    sink.terminate();
    sink.waitForFinished();

    std::printf("runs: %d (%d succeeded), in flight: %d, recorded: %s\n", total, succeeded,
                inFlight,
                parser.isSet(noStoreOpt)     ? "no"
                : parser.isSet(mainStoreOpt) ? "main thread"
                                             : "executor thread");
    if (!parser.isSet(noStoreOpt)) {
        recorder.reset();
        store.reset();
        auto reader = engine::RunStore::open(storePath);
        auto recorded = reader ? (*reader)->runs(total + 10)
                               : engine::Result<QList<engine::Run>>(engine::Error{});
        std::printf("runs in the history: %lld\n",
                    recorded ? static_cast<long long>(recorded->size()) : -1LL);
    }
    if (inLoop)
        std::printf("one Foreach of %d mails, %d at a time: %.3f s, %.1f mails/s\n", mails,
                    repetitions, seconds, mails / seconds);
    else
        std::printf("time: %.3f s, %.1f runs/s, %.2f ms per run\n", seconds, total / seconds,
                    seconds * 1000.0 / total);
    std::printf("longest stall of the main event loop: %lld ms\n",
                static_cast<long long>(longestStall));
    if (!firstError.isEmpty())
        std::printf("first error: %s\n", qPrintable(firstError));
    return succeeded == total ? 0 : 1;
}
