#include "designer/canvas/StepAppearance.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"
#include "resources/Resources.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <optional>

namespace designer {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("designer::StepAppearance", text);
}

struct BuiltIn
{
    const char* type;
    const char* icon;
    const char* group;
    const char* operation;
};

// The WDL types every Logic App may use, whichever connectors are registered.
constexpr BuiltIn kBuiltIns[] = {
    {"If", "condition", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Condition")},
    {"Switch", "switch", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Switch")},
    {"Foreach", "loop", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "For each")},
    {"Until", "loop", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Until")},
    {"Scope", "scope", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Scope")},
    {"Terminate", "terminate", QT_TRANSLATE_NOOP("designer::StepAppearance", "Control"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Terminate")},
    {"Wait", "recurrence", QT_TRANSLATE_NOOP("designer::StepAppearance", "Schedule"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Delay")},
    {"Recurrence", "recurrence", QT_TRANSLATE_NOOP("designer::StepAppearance", "Schedule"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Recurrence")},
    {"Request", "request", QT_TRANSLATE_NOOP("designer::StepAppearance", "Request"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "When an HTTP request is received")},
    {"Response", "request", QT_TRANSLATE_NOOP("designer::StepAppearance", "Request"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Response")},
    {"Http", "http", QT_TRANSLATE_NOOP("designer::StepAppearance", "HTTP"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "HTTP")},
    {"HttpWebhook", "http", QT_TRANSLATE_NOOP("designer::StepAppearance", "HTTP"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "HTTP Webhook")},
    {"InitializeVariable", "variable", QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Initialize variable")},
    {"SetVariable", "variable", QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Set variable")},
    {"IncrementVariable", "variable", QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Increment variable")},
    {"DecrementVariable", "variable", QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Decrement variable")},
    {"AppendToArrayVariable", "variable",
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Append to array variable")},
    {"AppendToStringVariable", "variable",
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Variables"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Append to string variable")},
    {"Compose", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Compose")},
    {"ParseJson", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Parse JSON")},
    {"Query", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Filter array")},
    {"Select", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Select")},
    {"Join", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Join")},
    {"Table", "data", QT_TRANSLATE_NOOP("designer::StepAppearance", "Data operations"),
     QT_TRANSLATE_NOOP("designer::StepAppearance", "Create table")},
};

QString dot()
{
    return QStringLiteral(" \u00b7 ");
}

// The card of a built-in WDL type, without a title; null when `type` is none
// of them. Each type is looked up and its texts translated once per thread: a
// large workflow has thousands of steps of a handful of types.
const StepAppearance* builtInLook(const QString& type)
{
    thread_local QHash<QString, std::optional<StepAppearance>> known;
    auto it = known.constFind(type);
    if (it == known.constEnd()) {
        std::optional<StepAppearance> found;
        for (const BuiltIn& builtIn : kBuiltIns) {
            if (type.compare(QLatin1String(builtIn.type), Qt::CaseInsensitive) == 0) {
                found.emplace();
                found->known = true;
                found->operation = tr(builtIn.group) + dot() + tr(builtIn.operation);
                found->icon = resources::icon(QLatin1String(builtIn.icon));
                found->color = StepAppearance::colorOfIcon(found->icon);
                break;
            }
        }
        it = known.insert(type, found);
    }
    return it->has_value() ? &**it : nullptr;
}

QString titleOf(const QString& name)
{
    QString title = name;
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    return title;
}

} // namespace

QColor StepAppearance::colorOfIcon(const QString& iconPath)
{
    static const QHash<QString, QColor> colors = {
        {QStringLiteral("smtp"), QColor(0x0078d4)},
        {QStringLiteral("salesforce"), QColor(0x00a1e0)},
        {QStringLiteral("recurrence"), QColor(0x1f85ff)},
        {QStringLiteral("http"), QColor(0x709727)},
        {QStringLiteral("request"), QColor(0x009da5)},
        {QStringLiteral("file"), QColor(0xc27c0e)},
        {QStringLiteral("generic"), QColor(0x6b7280)},
        {QStringLiteral("condition"), QColor(0x484f58)},
        {QStringLiteral("switch"), QColor(0x484f58)},
        {QStringLiteral("loop"), QColor(0x486991)},
        {QStringLiteral("scope"), QColor(0x8c6cff)},
        {QStringLiteral("variable"), QColor(0x770bd6)},
        {QStringLiteral("data"), QColor(0x8c3900)},
        {QStringLiteral("terminate"), QColor(0xc4314b)},
        {QStringLiteral("catcher"), QColor(0x5c2d91)},
    };
    // The file's name up to its first dot: ":/icons/smtp.svg" -> "smtp".
    QStringView base(iconPath);
    base = base.sliced(base.lastIndexOf(QLatin1Char('/')) + 1);
    if (const qsizetype dot = base.indexOf(QLatin1Char('.')); dot >= 0)
        base.truncate(dot);
    const auto found = colors.constFind(base.toString());
    return found != colors.constEnd() ? *found : QColor(0x6b7280);
}

StepAppearance StepAppearance::forStep(const engine::Workflow& workflow,
                                       const engine::Catalogue& catalogue, const QString& name)
{
    return forStep(workflow.stepJson(name), catalogue, name);
}

StepAppearance StepAppearance::forStep(const engine::OrderedJson& step,
                                       const engine::Catalogue& catalogue, const QString& name)
{
    // Most steps of a large workflow are built-in types (Compose, If,
    // Foreach...), which need neither the catalogue nor the step as a
    // QJsonObject; that conversion would be most of the cost.
    const engine::OrderedJson* typeNode = step.find(QStringLiteral("type"));
    const QString type = typeNode ? typeNode->toString() : QString();
    if (!catalogue.mayRecognise(type)) {
        if (const StepAppearance* builtIn = builtInLook(type)) {
            StepAppearance look = *builtIn;
            look.title = titleOf(name);
            return look;
        }
    }
    return forStep(step.toObject(), catalogue, name);
}

StepAppearance StepAppearance::forStep(const QJsonObject& json, const engine::Catalogue& catalogue,
                                       const QString& name)
{
    StepAppearance look;
    look.title = titleOf(name);

    const engine::Catalogue::Match match = catalogue.recognise(json);
    if (match.operation) {
        const engine::Operation& op = *match.operation;
        look.known = true;
        look.operation = op.connectorDisplayName.isEmpty()
                             ? op.displayName
                             : op.connectorDisplayName + dot() + op.displayName;
        look.icon =
            !op.icon.isEmpty() && QFile::exists(op.icon) ? op.icon : resources::icon(op.connector);
        if (!QFile::exists(look.icon))
            look.icon = resources::icon(QStringLiteral("generic"));
        look.color = op.color.isEmpty() ? colorOfIcon(look.icon) : QColor(op.color);
        return look;
    }

    const QString type = json.value(QStringLiteral("type")).toString();
    if (const StepAppearance* builtIn = builtInLook(type)) {
        StepAppearance named = *builtIn;
        named.title = look.title;
        return named;
    }

    // Unknown: say what it is as written, and keep it intact.
    look.icon = resources::icon(QStringLiteral("generic"));
    look.color = colorOfIcon(look.icon);
    QString api;
    const QString serviceProvider = json.value(QStringLiteral("inputs"))
                                        .toObject()
                                        .value(QStringLiteral("serviceProviderConfiguration"))
                                        .toObject()
                                        .value(QStringLiteral("serviceProviderId"))
                                        .toString();
    if (!serviceProvider.isEmpty())
        api = serviceProvider.section(QLatin1Char('/'), -1);
    const QString path =
        json.value(QStringLiteral("inputs")).toObject().value(QStringLiteral("path")).toString();
    if (api.isEmpty() && !path.isEmpty())
        api = path.section(QLatin1Char('/'), -1);
    // Managed connectors name their API in the connection reference.
    const QJsonObject connection = json.value(QStringLiteral("inputs"))
                                       .toObject()
                                       .value(QStringLiteral("host"))
                                       .toObject()
                                       .value(QStringLiteral("connection"))
                                       .toObject();
    const QString reference = (connection.value(QStringLiteral("referenceName")).toString() +
                               connection.value(QStringLiteral("name")).toString())
                                  .toLower();
    for (const char* known : {"salesforce", "smtp"}) {
        if (reference.contains(QLatin1String(known))) {
            look.icon = resources::icon(QLatin1String(known));
            look.color = colorOfIcon(look.icon);
        }
    }
    look.operation = type.isEmpty() ? tr("Unknown step") : type;
    if (!api.isEmpty())
        look.operation += dot() + api;
    return look;
}

} // namespace designer
