#include "app/cli/Cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

void printUsage(QTextStream& out)
{
    out << "Usage: logicapp VERB [OPTIONS]\n\n"
        << "Runs and checks Logic Apps workflow definitions without a window.\n\n"
        << "Verbs:\n";
    for (const cli::Verb& verb : cli::verbs())
        out << "  " << verb.name.leftJustified(16) << verb.summary << '\n';
    out << "\n'logicapp VERB --help' describes one verb.\n";
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("logicapp"));
    QCoreApplication::setOrganizationName(QStringLiteral("LogicDesigner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QTextStream out(stdout);
    QTextStream err(stderr);
    cli::Io io{out, err};

    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        printUsage(args.isEmpty() ? err : out);
        return args.isEmpty() ? cli::ExitUsage : cli::ExitOk;
    }
    if (args.first() == QLatin1String("--version")) {
        out << "logicapp " << QCoreApplication::applicationVersion() << '\n';
        return cli::ExitOk;
    }
    const QString name = args.takeFirst();
    for (const cli::Verb& verb : cli::verbs()) {
        if (verb.name == name)
            return verb.run(args, io);
    }
    err << "logicapp: unknown verb '" << name << "'. Run 'logicapp --help' for the list.\n";
    return cli::ExitUsage;
}
