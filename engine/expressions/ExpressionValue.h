#pragma once

#include <QJsonValue>
#include <QString>

namespace engine {

// A value while an expression is evaluated. JSON does not keep 2.0 apart from
// 2, but the language does (div(7, 2) is 3, div(7, 2.0) is 3.5), so numbers
// carry whether they are floating point until they leave the evaluator.
struct ExpressionValue
{
    QJsonValue json;
    bool isFloat = false;

    ExpressionValue() = default;
    ExpressionValue(QJsonValue v, bool f = false)
        : json(std::move(v)), isFloat(f && json.isDouble())
    {}
    static ExpressionValue integer(qint64 n) { return ExpressionValue(QJsonValue(n)); }
    static ExpressionValue real(double d) { return ExpressionValue(QJsonValue(d), true); }

    bool isNull() const { return json.isNull() || json.isUndefined(); }
    bool isNumber() const { return json.isDouble(); }
    // An integer in the language's sense: a number that was not written or
    // computed as floating point and has no fraction.
    bool isInteger() const;

    // The text this value becomes inside "@{...}", concat() and string():
    // strings as they are, null as nothing, booleans as True/False (as Logic
    // Apps prints them), numbers in their shortest form, objects and arrays as
    // compact JSON, binary content ({"$content-type","$content"}) decoded.
    QString toText() const;
    // How the value is shown inside an error message: strings quoted, long
    // values cut short.
    QString display() const;
    // The type name used in error messages (String, Integer, Float, Boolean,
    // Object, Array, Null).
    QString typeName() const;

    static QString numberText(double d, bool isFloat);
};

} // namespace engine
