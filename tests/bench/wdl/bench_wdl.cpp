// Times loading and writing a generated workflow of N actions (default 1,000):
// parse + serialize, the load path the designer and `fmt` take. Not a test;
// prints min and median over the repeats.
#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <ctime>
#include <functional>

namespace {

// A chain of actions: Send email steps in the built-in shape, Compose steps,
// and every 50th an If with two nested actions, each running after the one before.
QByteArray generate(int count)
{
    QJsonObject actions;
    QString previous;
    for (int i = 0; i < count; ++i) {
        const QString name = QStringLiteral("Step_%1").arg(i, 4, 10, QLatin1Char('0'));
        QJsonObject step;
        if (i % 50 == 49) {
            step = QJsonObject{
                {QStringLiteral("type"), QStringLiteral("If")},
                {QStringLiteral("expression"),
                 QJsonObject{{QStringLiteral("and"),
                              QJsonArray{QJsonObject{
                                  {QStringLiteral("equals"),
                                   QJsonArray{QStringLiteral("@triggerBody()?['Status']"),
                                              QStringLiteral("Open")}}}}}}},
                {QStringLiteral("actions"),
                 QJsonObject{{name + QStringLiteral("_yes"),
                              QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                                          {QStringLiteral("inputs"), QStringLiteral("yes")}}}}},
                {QStringLiteral("else"),
                 QJsonObject{
                     {QStringLiteral("actions"),
                      QJsonObject{{name + QStringLiteral("_no"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                                               {QStringLiteral("inputs"), 42}}}}}}},
            };
        } else if (i % 2 == 0) {
            step = QJsonObject{
                {QStringLiteral("type"), QStringLiteral("ServiceProvider")},
                {QStringLiteral("inputs"),
                 QJsonObject{
                     {QStringLiteral("parameters"),
                      QJsonObject{
                          {QStringLiteral("to"), QStringLiteral("@{triggerBody()?['Email']}")},
                          {QStringLiteral("subject"),
                           QStringLiteral("Hello @{triggerBody()?['FirstName']} #%1").arg(i)},
                          {QStringLiteral("body"), QStringLiteral("Dear customer,\nthank you.")},
                          {QStringLiteral("isHTML"), false},
                          {QStringLiteral("importance"), QStringLiteral("Normal")}}},
                     {QStringLiteral("serviceProviderConfiguration"),
                      QJsonObject{{QStringLiteral("connectionName"), QStringLiteral("Smtp")},
                                  {QStringLiteral("operationId"), QStringLiteral("sendEmail")},
                                  {QStringLiteral("serviceProviderId"),
                                   QStringLiteral("/serviceProviders/Smtp")}}}}},
            };
        } else {
            step = QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                               {QStringLiteral("inputs"),
                                QJsonObject{{QStringLiteral("n"), i},
                                            {QStringLiteral("previous"),
                                             QStringLiteral("@body('%1')").arg(previous)}}}};
        }
        QJsonObject runAfter;
        if (!previous.isEmpty())
            runAfter.insert(previous, QJsonArray{QStringLiteral("Succeeded")});
        step.insert(QStringLiteral("runAfter"), runAfter);
        actions.insert(name, step);
        previous = name;
    }
    const QJsonObject definition{
        {QStringLiteral("$schema"),
         QStringLiteral("https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                        "2016-06-01/workflowdefinition.json#")},
        {QStringLiteral("contentVersion"), QStringLiteral("1.0.0.0")},
        {QStringLiteral("triggers"),
         QJsonObject{{QStringLiteral("manual"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("Request")},
                                  {QStringLiteral("kind"), QStringLiteral("Http")}}}}},
        {QStringLiteral("actions"), actions},
        {QStringLiteral("outputs"), QJsonObject()},
    };
    return QJsonDocument(QJsonObject{{QStringLiteral("definition"), definition},
                                     {QStringLiteral("kind"), QStringLiteral("Stateful")}})
        .toJson(QJsonDocument::Indented);
}

struct Stats
{
    double min = 0;
    double median = 0;
    double cpuMin = 0; // this thread's CPU time: what the work costs on a machine shared by others
    double cpuMedian = 0;
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

Stats measure(int repeats, const std::function<void()>& work)
{
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        const double c0 = threadCpuMs();
        t.start();
        work();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        cpu.push_back(threadCpuMs() - c0);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    return {ms.front(), ms[ms.size() / 2], cpu.front(), cpu[cpu.size() / 2]};
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.size() > 1 ? args.at(1).toInt() : 1000;
    const int repeats = args.size() > 2 ? args.at(2).toInt() : 30;
    QTextStream out(stdout);

    const QByteArray text = generate(count);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("workflow.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return 1;
    f.close();
    const QString outPath = dir.filePath(QStringLiteral("out.json"));

    int actions = 0;
    const Stats loadWrite = measure(repeats, [&] {
        engine::Result<engine::Workflow> w = engine::Workflow::load(path);
        if (!w || !w->save(outPath).ok())
            std::abort();
        actions = int(w->actionNames().size());
    });
    const Stats parseSerialize = measure(repeats, [&] {
        engine::Result<engine::Workflow> w = engine::Workflow::parse(text);
        if (!w || w->serialize().isEmpty())
            std::abort();
    });
    engine::Result<engine::Workflow> w = engine::Workflow::parse(text);
    // A step in the middle, whatever the size asked for.
    const QStringList names = w->actionNames();
    const QString middle = names.at(names.size() / 2);
    const Stats edit = measure(repeats, [&] {
        QJsonObject step = w->stepJson(middle);
        step.insert(QStringLiteral("description"), QStringLiteral("changed"));
        if (!w->setStepJson(middle, step).ok())
            std::abort();
    });
    // Structure and expression checks; no connector is linked here.
    const engine::Catalogue catalogue;
    const Stats validate = measure(std::max(1, repeats / 5),
                                   [&] { (void)engine::Validator::validate(*w, catalogue); });

    out << "definition: " << count << " generated actions (" << actions << " with nested), "
        << text.size() / 1024 << " KiB, " << repeats << " repeats\n";
    const auto line = [&out](const char* what, const Stats& st) {
        out << QStringLiteral("%1 wall min %2 ms, median %3 ms; CPU min %4 ms, median %5 ms\n")
                   .arg(QLatin1String(what), -28)
                   .arg(st.min, 0, 'f', 2)
                   .arg(st.median, 0, 'f', 2)
                   .arg(st.cpuMin, 0, 'f', 2)
                   .arg(st.cpuMedian, 0, 'f', 2);
    };
    line("load + write (file):", loadWrite);
    line("parse + serialize (memory):", parseSerialize);
    line("edit one step (setStepJson):", edit);
    line("validate:", validate);
    return 0;
}
