#pragma once

#include <QColor>
#include <QJsonObject>
#include <QString>

namespace engine {
class Catalogue;
class OrderedJson;
class Workflow;
} // namespace engine

namespace designer {

// How one step looks on its card: title, the operation under it, icon and
// header colour. Recognised steps take these from the catalogue; built-in
// WDL types (If, Foreach, Compose...) have their own; anything else is a
// generic card named after its "type".
struct StepAppearance
{
    QString title;      // the step name as people read it ("Send email")
    QString operation;  // "SMTP · Send email"
    QString icon;       // resource path of an SVG
    QColor color;       // header strip
    bool known = false; // recognised by the catalogue or a built-in type

    static StepAppearance forStep(const engine::Workflow& workflow,
                                  const engine::Catalogue& catalogue, const QString& name);
    // The same from the step's JSON, for callers that have it at hand.
    static StepAppearance forStep(const QJsonObject& json, const engine::Catalogue& catalogue,
                                  const QString& name);
    static StepAppearance forStep(const engine::OrderedJson& step,
                                  const engine::Catalogue& catalogue, const QString& name);
    // The colour an icon of resources/icons is drawn in.
    static QColor colorOfIcon(const QString& iconPath);

    friend bool operator==(const StepAppearance&, const StepAppearance&) = default;
};

} // namespace designer
