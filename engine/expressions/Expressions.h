#pragma once

// The expression language as the rest of the program uses it: evaluating
// step inputs and conditions, checking what the user typed, and keeping
// action references right when a step is renamed.

#include "engine/core/Error.h"
#include "engine/core/Result.h"
#include "engine/expressions/EvaluationContext.h"
#include "engine/expressions/Expression.h"

#include <QCborValue>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace engine {

// Parses (through the shared cache) one string value.
Result<Expression> parseExpression(const QString& text);

// Evaluates every string in a JSON tree that holds an expression: "@expr"
// keeps the type of its result, "text @{expr} text" becomes a string,
// "@@text" is the literal "@text"; other values and object keys are kept as
// they are. An error's field is the JSON path of the failing string inside
// `value` ("To", "attachments[0].ContentData"), empty for a top-level string.
Result<QJsonValue> evaluateValue(const QJsonValue& value, const EvaluationContext& context);

// One string value, as evaluateValue does for a string.
Result<QJsonValue> evaluateString(const QString& text, const EvaluationContext& context);

// The `expression` of an If or Until: an object-form condition
// ({"and":[{"equals":[a, b]}, {"not":{"contains":[x, y]}}]}, operator names
// in any case, operands plain values or expressions), an expression string
// ("@equals(a, b)") or a boolean. The result must be true or false.
Result<bool> evaluateCondition(const QJsonValue& condition, const EvaluationContext& context);

// Syntax errors of one string value ("column 12: expected ')' after the
// arguments of concat"); empty when it parses (or is plain text).
QList<Error> checkSyntax(const QString& text);
// The same over a whole JSON tree, each error's field the JSON path.
QList<Error> checkSyntax(const QJsonValue& value);

// Whether the text is an expression or holds one ("@...", "...@{...}..."), as
// opposed to plain text ("bob@example.com", "@@literal").
bool isExpression(const QString& text);
// The same for a value taken from a JSON container, `asCbor` being the value
// seen through a QCborMap or QCborArray made from that container (they share
// its storage): a long literal is read in place rather than copied to UTF-16.
// False when the value is not a string.
bool isExpression(const QJsonValue& value, const QCborValue& asCbor);

// The action names used in body('X'), outputs('X'), actions('X') and
// result('X'), as written, without duplicates, in order of appearance.
QStringList referencedActions(const QString& text);
QStringList referencedActions(const QJsonValue& value);

// The text with every reference to the action `oldName` in body(),
// outputs(), actions(), result() and items() changed to `newName` (names
// compared without regard to case, spaces and underscores alike). Texts that
// do not parse are returned unchanged.
QString renameActionReferences(const QString& text, const QString& oldName, const QString& newName);
QJsonValue renameActionReferences(const QJsonValue& value, const QString& oldName,
                                  const QString& newName);

// The names of all functions, for completion in the designer.
QStringList expressionFunctionNames();

} // namespace engine
