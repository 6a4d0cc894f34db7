#include "engine/runtime/VariableActions.h"

#include "engine/runtime/RunContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <cmath>
#include <tuple>

namespace engine {
namespace {

Error failure(const QString& field, const QString& message)
{
    return Error{field, message, 400};
}

// Whether `v` may be stored in a variable declared with `type`.
bool fitsType(const QString& type, const QJsonValue& v)
{
    if (type == QLatin1String("string"))
        return v.isString();
    if (type == QLatin1String("integer"))
        return v.isDouble() && v.toDouble() == std::floor(v.toDouble());
    if (type == QLatin1String("float"))
        return v.isDouble();
    if (type == QLatin1String("boolean"))
        return v.isBool();
    if (type == QLatin1String("array"))
        return v.isArray();
    if (type == QLatin1String("object"))
        return v.isObject();
    return false;
}

QJsonValue defaultFor(const QString& type)
{
    if (type == QLatin1String("string"))
        return QString();
    if (type == QLatin1String("integer") || type == QLatin1String("float"))
        return 0;
    if (type == QLatin1String("boolean"))
        return false;
    if (type == QLatin1String("array"))
        return QJsonArray();
    return QJsonObject();
}

QString mismatch(const QString& name, const QString& type, const QJsonValue& value)
{
    return VariableActions::tr("the variable '%1' is %2, but the value is %3")
        .arg(name, type, VariableActions::typeOf(value));
}

} // namespace

bool VariableActions::handles(const QString& type)
{
    return type == QLatin1String("initializevariable") || type == QLatin1String("setvariable") ||
           type == QLatin1String("incrementvariable") ||
           type == QLatin1String("decrementvariable") ||
           type == QLatin1String("appendtoarrayvariable") ||
           type == QLatin1String("appendtostringvariable");
}

Result<QJsonValue> VariableActions::apply(const QString& type, const QJsonValue& inputs,
                                          RunContext& context)
{
    if (type == QLatin1String("initializevariable"))
        return initialize(inputs, context);
    return change(type, inputs, context);
}

QString VariableActions::typeOf(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QStringLiteral("String");
    case QJsonValue::Bool:
        return QStringLiteral("Boolean");
    case QJsonValue::Double:
        return v.toDouble() == std::floor(v.toDouble()) ? QStringLiteral("Integer")
                                                        : QStringLiteral("Float");
    case QJsonValue::Array:
        return QStringLiteral("Array");
    case QJsonValue::Object:
        return QStringLiteral("Object");
    default:
        return QStringLiteral("Null");
    }
}

QString VariableActions::textOf(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString();
    }
}

Result<QJsonValue> VariableActions::initialize(const QJsonValue& inputs, RunContext& context)
{
    const QJsonValue vars = inputs.toObject().value(QStringLiteral("variables"));
    if (!vars.isArray() || vars.toArray().isEmpty())
        return failure(QStringLiteral("inputs.variables"),
                       tr("expected a list of {name, type, value}"));
    const QJsonArray list = vars.toArray();
    // Check every declaration before declaring any, so nothing is half done.
    QList<std::tuple<QString, QString, QJsonValue>> declared;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString field = QStringLiteral("inputs.variables[%1]").arg(i);
        const QJsonObject v = list.at(i).toObject();
        const QString name = v.value(QStringLiteral("name")).toString();
        if (name.trimmed().isEmpty())
            return failure(field + QStringLiteral(".name"), tr("a variable needs a name"));
        if (context.hasVariable(name))
            return failure(field + QStringLiteral(".name"),
                           tr("the variable '%1' is already initialized").arg(name));
        const QString type = v.value(QStringLiteral("type")).toString().toLower();
        static const QStringList types = {QStringLiteral("string"), QStringLiteral("integer"),
                                          QStringLiteral("float"),  QStringLiteral("boolean"),
                                          QStringLiteral("array"),  QStringLiteral("object")};
        if (!types.contains(type))
            return failure(field + QStringLiteral(".type"),
                           tr("\"%1\" is not a variable type; use string, integer, float, boolean, "
                              "array or object")
                               .arg(v.value(QStringLiteral("type")).toVariant().toString()));
        QJsonValue value = v.value(QStringLiteral("value"));
        if (value.isUndefined() || value.isNull())
            value = defaultFor(type);
        if (!fitsType(type, value))
            return failure(field + QStringLiteral(".value"), mismatch(name, type, value));
        declared.append({name, type, value});
    }
    for (const auto& [name, type, value] : declared)
        context.declareVariable(name, type, value);
    return QJsonValue(QJsonValue::Undefined);
}

Result<QJsonValue> VariableActions::change(const QString& type, const QJsonValue& inputsValue,
                                           RunContext& context)
{
    const QJsonObject inputs = inputsValue.toObject();
    const QString name = inputs.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return failure(QStringLiteral("inputs.name"), tr("name the variable to change"));
    if (!context.hasVariable(name))
        return failure(QStringLiteral("inputs.name"),
                       tr("there is no variable '%1'; initialize it first").arg(name));
    const QString varType = context.variableType(name);
    const QJsonValue current = *context.variable(name);
    QJsonValue value = inputs.value(QStringLiteral("value"));
    QJsonValue next;
    if (type == QLatin1String("setvariable")) {
        if (value.isUndefined())
            return failure(QStringLiteral("inputs.value"), tr("a value is required"));
        if (varType == QLatin1String("float") && value.isDouble())
            next = value;
        else if (!fitsType(varType, value))
            return failure(QStringLiteral("inputs.value"), mismatch(name, varType, value));
        next = value;
    } else if (type == QLatin1String("incrementvariable") ||
               type == QLatin1String("decrementvariable")) {
        if (varType != QLatin1String("integer") && varType != QLatin1String("float"))
            return failure(QStringLiteral("inputs.name"),
                           tr("the variable '%1' is %2; only integer and float variables can be "
                              "incremented")
                               .arg(name, varType));
        if (value.isUndefined() || value.isNull())
            value = 1;
        if (!value.isDouble() || (varType == QLatin1String("integer") &&
                                  value.toDouble() != std::floor(value.toDouble())))
            return failure(QStringLiteral("inputs.value"),
                           tr("expected a number, got %1").arg(typeOf(value)));
        const double sign = type == QLatin1String("decrementvariable") ? -1.0 : 1.0;
        next = current.toDouble() + sign * value.toDouble();
    } else if (type == QLatin1String("appendtoarrayvariable")) {
        if (varType != QLatin1String("array"))
            return failure(QStringLiteral("inputs.name"),
                           tr("the variable '%1' is %2, not an array").arg(name, varType));
        QJsonArray array = current.toArray();
        array.append(value.isUndefined() ? QJsonValue() : value);
        next = array;
    } else { // appendtostringvariable
        if (varType != QLatin1String("string"))
            return failure(QStringLiteral("inputs.name"),
                           tr("the variable '%1' is %2, not a string").arg(name, varType));
        next = QString(current.toString() + textOf(value));
    }
    context.setVariable(name, next);
    return QJsonValue(
        QJsonObject{{QStringLiteral("body"), QJsonObject{{QStringLiteral("name"), name},
                                                         {QStringLiteral("value"), next}}}});
}

} // namespace engine
