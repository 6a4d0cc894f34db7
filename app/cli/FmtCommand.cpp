#include "app/cli/WdlCommands.h"
#include "engine/workflow/Workflow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::fmt", text);
}

} // namespace

int runFmt(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Reads a workflow file and writes it back through the model: same wrapper, same "
           "meaning, keys in their order, layout normalised. Writes to standard output unless "
           "-o or --in-place is given. Connection files are refused (exit 2)."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 tr("workflow.json, a code-view or ARM template file"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    tr("Write to OUT ('-' for standard output)."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption inPlace(QStringList{QStringLiteral("i"), QStringLiteral("in-place")},
                                     tr("Rewrite FILE itself."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help."));
    parser.addOptions({output, inPlace, help});
    if (!parser.parse(QStringList{QStringLiteral("logicapp fmt")} + args)) {
        io.err << "logicapp fmt: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText();
        return ExitOk;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        io.err << "logicapp fmt: " << tr("expected one FILE; see --help") << '\n';
        return ExitUsage;
    }
    if (parser.isSet(output) && parser.isSet(inPlace)) {
        io.err << "logicapp fmt: " << tr("give either -o or --in-place, not both") << '\n';
        return ExitUsage;
    }
    engine::Result<engine::Workflow> workflow = engine::Workflow::load(files.first());
    if (!workflow) {
        io.err << "logicapp fmt: " << workflow.error().toString() << '\n';
        return ExitUsage;
    }
    const QString target = parser.isSet(inPlace) ? files.first() : parser.value(output);
    if (target.isEmpty() || target == QLatin1String("-")) {
        io.out.flush();
        const QByteArray data = workflow->serialize();
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(data) != data.size()) {
            io.err << "logicapp fmt: " << tr("cannot write to standard output") << '\n';
            return ExitFailed;
        }
        return ExitOk;
    }
    const engine::Status saved = workflow->save(target);
    if (!saved) {
        io.err << "logicapp fmt: " << saved.error().toString() << '\n';
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace cli
