#include "app/cli/WdlCommands.h"
#include "connectors/Connectors.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::validate", text);
}

} // namespace

int runValidate(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Checks a workflow file without running it: structure, run-after, expressions and "
           "every step's fields. Prints one problem per line as JSON-PATH: MESSAGE.\n"
           "Exit status: 0 no errors (warnings allowed), 2 errors or unreadable input."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 tr("workflow.json, a code-view or ARM template file"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  tr("Print the problems as a JSON array instead."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help."));
    parser.addOptions({json, help});
    if (!parser.parse(QStringList{QStringLiteral("logicapp validate")} + args)) {
        io.err << "logicapp validate: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText().replace(QLatin1String("logicapp validate [options]"),
                                            QLatin1String("logicapp validate [options]"));
        return ExitOk;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        io.err << "logicapp validate: " << tr("expected one FILE; see --help") << '\n';
        return ExitUsage;
    }
    engine::Result<engine::Workflow> workflow = engine::Workflow::load(files.first());
    if (!workflow) {
        io.err << "logicapp validate: " << workflow.error().toString() << '\n';
        return ExitUsage;
    }
    const QList<engine::Problem> problems =
        engine::Validator::validate(*workflow, connectors::catalogue());
    int errors = 0;
    QJsonArray out;
    for (const engine::Problem& p : problems) {
        const bool isError = p.severity == engine::Problem::Severity::Error;
        errors += isError ? 1 : 0;
        if (parser.isSet(json)) {
            out.append(
                QJsonObject{{QStringLiteral("step"), p.step},
                            {QStringLiteral("field"), p.field},
                            {QStringLiteral("path"), p.jsonPath},
                            {QStringLiteral("message"), p.message},
                            {QStringLiteral("severity"),
                             isError ? QStringLiteral("error") : QStringLiteral("warning")}});
        } else {
            io.out << (isError ? QString() : tr("warning: ")) << p.toString() << '\n';
        }
    }
    if (parser.isSet(json))
        io.out << QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented));
    else if (problems.isEmpty())
        io.out << tr("%1: no problems").arg(files.first()) << '\n';
    io.out.flush();
    if (errors > 0) {
        io.err << QCoreApplication::translate("cli::validate", "%1: %n error(s)", nullptr, errors)
                      .arg(files.first())
               << "\n";
        return ExitUsage;
    }
    return ExitOk;
}

} // namespace cli
