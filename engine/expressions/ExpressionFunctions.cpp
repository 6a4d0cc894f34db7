#include "engine/expressions/ExpressionFunctions.h"

#include "engine/expressions/DateTimeFormat.h"
#include "engine/expressions/EvaluationContext.h"
#include "engine/expressions/NumberFormat.h"
#include "engine/expressions/XPath.h"
#include "engine/expressions/XmlDocument.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace engine {
namespace {

using Call = ExpressionFunctions::Call;
using Value = ExpressionValue;
using R = Result<ExpressionValue>;

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::ExpressionFunctions", text);
}

Error argError(const Call& c, int i, const QString& problem)
{
    return Error{
        QString(),
        tr("%1: argument %2 %3 %4").arg(c.name).arg(i + 1).arg(c.args.at(i).display(), problem),
        400};
}

Error callError(const Call& c, const QString& problem)
{
    return Error{QString(), c.name + QStringLiteral(": ") + problem, 400};
}

Result<QString> str(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (!v.json.isString())
        return argError(c, i, tr("is not a string"));
    return v.json.toString();
}

Result<qint64> integer(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (!v.isNumber())
        return argError(c, i, tr("is not a number"));
    if (!v.isInteger())
        return argError(c, i, tr("is not a whole number"));
    return v.json.toInteger();
}

Result<double> number(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (!v.isNumber())
        return argError(c, i, tr("is not a number"));
    return v.json.toDouble();
}

Result<bool> boolean(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (!v.json.isBool())
        return argError(c, i, tr("is not true or false"));
    return v.json.toBool();
}

Result<QJsonArray> array(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (!v.json.isArray())
        return argError(c, i, tr("is not an array"));
    return v.json.toArray();
}

// Property lookup as the language does it: the exact name first, then the
// first name that differs only in case.
QJsonObject::const_iterator findKey(const QJsonObject& o, const QString& key)
{
    auto it = o.constFind(key);
    if (it != o.constEnd())
        return it;
    for (it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it;
    }
    return o.constEnd();
}

bool jsonEquals(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble() &&
               (std::fabs(a.toDouble()) < 9e15 || a.toInteger() == b.toInteger());
    if ((a.isNull() || a.isUndefined()) && (b.isNull() || b.isUndefined()))
        return true;
    if (a.type() != b.type())
        return false;
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!jsonEquals(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        if (x.size() != y.size())
            return false;
        for (auto it = x.constBegin(); it != x.constEnd(); ++it) {
            auto other = y.constFind(it.key());
            if (other == y.constEnd() || !jsonEquals(it.value(), other.value()))
                return false;
        }
        return true;
    }
    return a == b;
}

// ---- the run -------------------------------------------------------------

R fnTrigger(const Call& c)
{
    return Value(c.context.trigger());
}

R fnTriggerBody(const Call& c)
{
    const QJsonValue body = c.context.triggerOutputs().value(QStringLiteral("body"));
    return Value(body.isUndefined() ? QJsonValue() : body);
}

R fnTriggerOutputs(const Call& c)
{
    return Value(c.context.triggerOutputs());
}

Result<QJsonObject> actionRecord(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto record = c.context.action(*name);
    if (!record)
        return callError(c, tr("action '%1' doesn't exist or hasn't run").arg(*name));
    return *record;
}

R fnBody(const Call& c)
{
    auto record = actionRecord(c);
    if (!record)
        return record.error();
    const QJsonValue body =
        record->value(QStringLiteral("outputs")).toObject().value(QStringLiteral("body"));
    return Value(body.isUndefined() ? QJsonValue() : body);
}

R fnOutputs(const Call& c)
{
    auto record = actionRecord(c);
    if (!record)
        return record.error();
    const QJsonValue outputs = record->value(QStringLiteral("outputs"));
    return Value(outputs.isUndefined() ? QJsonValue() : outputs);
}

R fnActions(const Call& c)
{
    auto record = actionRecord(c);
    if (!record)
        return record.error();
    return Value(*record);
}

R fnAction(const Call& c)
{
    const auto record = c.context.currentAction();
    if (!record)
        return callError(c, tr("there is no current action here"));
    return Value(*record);
}

R fnActionBody(const Call& c)
{
    const auto record = c.context.currentAction();
    if (!record)
        return callError(c, tr("there is no current action here"));
    const QJsonValue body =
        record->value(QStringLiteral("outputs")).toObject().value(QStringLiteral("body"));
    return Value(body.isUndefined() ? QJsonValue() : body);
}

R fnActionOutputs(const Call& c)
{
    const auto record = c.context.currentAction();
    if (!record)
        return callError(c, tr("there is no current action here"));
    const QJsonValue outputs = record->value(QStringLiteral("outputs"));
    return Value(outputs.isUndefined() ? QJsonValue() : outputs);
}

R fnItems(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto item = c.context.item(*name);
    if (!item)
        return callError(c, tr("'%1' is not a Foreach loop around this action").arg(*name));
    return Value(*item);
}

R fnItem(const Call& c)
{
    const auto item = c.context.item(QString());
    if (!item)
        return callError(c, tr("there is no Foreach loop around this action"));
    return Value(*item);
}

R fnIterationIndexes(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto index = c.context.iterationIndex(*name);
    if (!index)
        return callError(c,
                         tr("'%1' is not an Until or Foreach loop around this action").arg(*name));
    return Value::integer(*index);
}

R fnParameters(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto value = c.context.parameter(*name);
    if (!value)
        return callError(c, tr("the workflow has no parameter '%1'").arg(*name));
    return Value(*value);
}

R fnVariables(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto value = c.context.variable(*name);
    if (!value)
        return callError(c, tr("there is no variable '%1'; initialize it first").arg(*name));
    return Value(*value);
}

R fnResult(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto value = c.context.result(*name);
    if (!value)
        return callError(c, tr("'%1' is not a scope that has run").arg(*name));
    return Value(*value);
}

R fnWorkflow(const Call& c)
{
    return Value(c.context.workflow());
}

R fnAppSetting(const Call& c)
{
    auto name = str(c, 0);
    if (!name)
        return name.error();
    const auto value = c.context.appSetting(*name);
    if (!value)
        return callError(c, tr("the app setting '%1' is not set").arg(*name));
    return Value(*value);
}

// ---- strings -------------------------------------------------------------

R fnConcat(const Call& c)
{
    QString out;
    for (const Value& v : c.args)
        out += v.toText();
    return Value(out);
}

R fnJoin(const Call& c)
{
    auto items = array(c, 0);
    if (!items)
        return items.error();
    auto delimiter = str(c, 1);
    if (!delimiter)
        return delimiter.error();
    QStringList parts;
    parts.reserve(items->size());
    for (const QJsonValue& v : *items)
        parts.append(Value(v).toText());
    return Value(parts.join(*delimiter));
}

R fnReplace(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto oldText = str(c, 1);
    if (!oldText)
        return oldText.error();
    auto newText = str(c, 2);
    if (!newText)
        return newText.error();
    if (oldText->isEmpty())
        return argError(c, 1, tr("is empty; there is nothing to replace"));
    QString out = *text;
    out.replace(*oldText, *newText, Qt::CaseSensitive);
    return Value(out);
}

R fnSubstring(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto start = integer(c, 1);
    if (!start)
        return start.error();
    if (*start < 0 || *start > text->size())
        return argError(c, 1, tr("is out of range for a text of length %1").arg(text->size()));
    qint64 length = text->size() - *start;
    if (c.args.size() > 2) {
        auto given = integer(c, 2);
        if (!given)
            return given.error();
        if (*given < 0 || *given > length)
            return argError(c, 2,
                            tr("is out of range: the text has %1 characters after index %2")
                                .arg(length)
                                .arg(*start));
        length = *given;
    }
    return Value(text->mid(*start, length));
}

R fnSlice(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    const qint64 size = text->size();
    auto clampIndex = [size](qint64 i) {
        return i < 0 ? std::max<qint64>(0, size + i) : std::min(i, size);
    };
    auto start = integer(c, 1);
    if (!start)
        return start.error();
    qint64 end = size;
    if (c.args.size() > 2) {
        auto given = integer(c, 2);
        if (!given)
            return given.error();
        end = clampIndex(*given);
    }
    const qint64 from = clampIndex(*start);
    return Value(from >= end ? QString() : text->mid(from, end - from));
}

R fnSplit(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto delimiter = str(c, 1);
    if (!delimiter)
        return delimiter.error();
    QJsonArray out;
    if (delimiter->isEmpty()) {
        out.append(*text);
        return Value(out);
    }
    for (const QString& part : text->split(*delimiter, Qt::KeepEmptyParts))
        out.append(part);
    return Value(out);
}

R fnToUpper(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    return Value(text->toUpper());
}

R fnToLower(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    return Value(text->toLower());
}

R fnTrim(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    return Value(text->trimmed());
}

R fnIndexOf(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto search = str(c, 1);
    if (!search)
        return search.error();
    return Value::integer(text->indexOf(*search, 0, Qt::CaseInsensitive));
}

R fnLastIndexOf(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto search = str(c, 1);
    if (!search)
        return search.error();
    if (search->isEmpty())
        return Value::integer(text->isEmpty() ? 0 : text->size() - 1);
    return Value::integer(text->lastIndexOf(*search, -1, Qt::CaseInsensitive));
}

R fnStartsWith(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto search = str(c, 1);
    if (!search)
        return search.error();
    return Value(text->startsWith(*search, Qt::CaseInsensitive));
}

R fnEndsWith(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto search = str(c, 1);
    if (!search)
        return search.error();
    return Value(text->endsWith(*search, Qt::CaseInsensitive));
}

R fnNthIndexOf(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto search = str(c, 1);
    if (!search)
        return search.error();
    auto n = integer(c, 2);
    if (!n)
        return n.error();
    if (*n == 0)
        return argError(c, 2, tr("is zero; count occurrences from 1 (or from -1 at the end)"));
    if (search->isEmpty())
        return argError(c, 1, tr("is empty"));
    if (*n > text->size() || *n < -text->size())
        return Value::integer(-1);
    qsizetype at = *n > 0 ? -1 : text->size();
    for (qint64 i = 0; i < (*n > 0 ? *n : -*n); ++i) {
        at = *n > 0 ? text->indexOf(*search, at + 1, Qt::CaseInsensitive)
                    : (at == 0 ? -1 : text->lastIndexOf(*search, at - 1, Qt::CaseInsensitive));
        if (at < 0)
            return Value::integer(-1);
    }
    return Value::integer(at);
}

R fnGuid(const Call& c)
{
    QString format = QStringLiteral("D");
    if (!c.args.isEmpty()) {
        auto given = str(c, 0);
        if (!given)
            return given.error();
        format = given->toUpper();
    }
    const QUuid id = QUuid::createUuid();
    if (format == QLatin1String("D"))
        return Value(id.toString(QUuid::WithoutBraces));
    if (format == QLatin1String("N"))
        return Value(QString::fromLatin1(id.toByteArray(QUuid::Id128)));
    if (format == QLatin1String("B"))
        return Value(id.toString(QUuid::WithBraces));
    if (format == QLatin1String("P"))
        return Value(
            QString(QLatin1Char('(') + id.toString(QUuid::WithoutBraces) + QLatin1Char(')')));
    return argError(c, 0, tr("is not a GUID format (use 'N', 'D', 'B' or 'P')"));
}

// ---- collections ---------------------------------------------------------

R fnLength(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.json.isString())
        return Value::integer(v.json.toString().size());
    if (v.json.isArray())
        return Value::integer(v.json.toArray().size());
    return argError(c, 0, tr("is not a string or an array"));
}

R fnEmpty(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.isNull())
        return Value(true);
    if (v.json.isString())
        return Value(v.json.toString().isEmpty());
    if (v.json.isArray())
        return Value(v.json.toArray().isEmpty());
    if (v.json.isObject())
        return Value(v.json.toObject().isEmpty());
    return argError(c, 0, tr("is not a string, an array or an object"));
}

R fnContains(const Call& c)
{
    const Value& collection = c.args.at(0);
    const Value& item = c.args.at(1);
    if (collection.json.isString()) {
        if (!item.json.isString())
            return argError(c, 1, tr("is not a string, so it cannot be found in a string"));
        return Value(collection.json.toString().contains(item.json.toString(), Qt::CaseSensitive));
    }
    if (collection.json.isArray()) {
        for (const QJsonValue& v : collection.json.toArray()) {
            if (jsonEquals(v, item.json))
                return Value(true);
        }
        return Value(false);
    }
    if (collection.json.isObject()) {
        if (!item.json.isString())
            return argError(c, 1, tr("is not a string, so it cannot be a property name"));
        const QJsonObject o = collection.json.toObject();
        return Value(findKey(o, item.json.toString()) != o.constEnd());
    }
    return argError(c, 0, tr("is not a string, an array or an object"));
}

R fnFirst(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.json.isString())
        return Value(v.json.toString().left(1));
    if (v.json.isArray()) {
        const QJsonArray a = v.json.toArray();
        return Value(a.isEmpty() ? QJsonValue() : a.first());
    }
    return argError(c, 0, tr("is not a string or an array"));
}

R fnLast(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.json.isString())
        return Value(v.json.toString().right(1));
    if (v.json.isArray()) {
        const QJsonArray a = v.json.toArray();
        return Value(a.isEmpty() ? QJsonValue() : a.last());
    }
    return argError(c, 0, tr("is not a string or an array"));
}

R takeOrSkip(const Call& c, bool take)
{
    auto count = integer(c, 1);
    if (!count)
        return count.error();
    if (*count < 0)
        return argError(c, 1, tr("is negative"));
    const Value& v = c.args.at(0);
    if (v.json.isString()) {
        const QString s = v.json.toString();
        const qsizetype n = std::min<qint64>(*count, s.size());
        return Value(take ? s.left(n) : s.mid(n));
    }
    if (v.json.isArray()) {
        const QJsonArray a = v.json.toArray();
        const qsizetype n = std::min<qint64>(*count, a.size());
        QJsonArray out;
        for (qsizetype i = take ? 0 : n; i < (take ? n : a.size()); ++i)
            out.append(a.at(i));
        return Value(out);
    }
    return argError(c, 0, tr("is not a string or an array"));
}

R fnTake(const Call& c)
{
    return takeOrSkip(c, true);
}

R fnSkip(const Call& c)
{
    return takeOrSkip(c, false);
}

R fnCreateArray(const Call& c)
{
    QJsonArray out;
    for (const Value& v : c.args)
        out.append(v.json);
    return Value(out);
}

bool arrayHas(const QJsonArray& a, const QJsonValue& v)
{
    for (const QJsonValue& x : a) {
        if (jsonEquals(x, v))
            return true;
    }
    return false;
}

// union/intersection take all arrays or all objects.
Result<bool> allArraysOrObjects(const Call& c)
{
    const bool arrays = c.args.at(0).json.isArray();
    for (int i = 0; i < c.args.size(); ++i) {
        const QJsonValue& v = c.args.at(i).json;
        if (arrays ? !v.isArray() : !v.isObject())
            return argError(c, i,
                            arrays ? tr("is not an array like argument 1")
                                   : (i == 0 ? tr("is not an array or an object")
                                             : tr("is not an object like argument 1")));
    }
    return arrays;
}

R fnUnion(const Call& c)
{
    auto arrays = allArraysOrObjects(c);
    if (!arrays)
        return arrays.error();
    if (*arrays) {
        QJsonArray out;
        for (const Value& v : c.args) {
            for (const QJsonValue& x : v.json.toArray()) {
                if (!arrayHas(out, x))
                    out.append(x);
            }
        }
        return Value(out);
    }
    QJsonObject out;
    for (const Value& v : c.args) {
        const QJsonObject o = v.json.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            out.insert(it.key(), it.value());
    }
    return Value(out);
}

R fnIntersection(const Call& c)
{
    auto arrays = allArraysOrObjects(c);
    if (!arrays)
        return arrays.error();
    if (*arrays) {
        QJsonArray out;
        for (const QJsonValue& x : c.args.at(0).json.toArray()) {
            bool everywhere = !arrayHas(out, x);
            for (int i = 1; everywhere && i < c.args.size(); ++i)
                everywhere = arrayHas(c.args.at(i).json.toArray(), x);
            if (everywhere)
                out.append(x);
        }
        return Value(out);
    }
    QJsonObject out;
    const QJsonObject first = c.args.at(0).json.toObject();
    for (auto it = first.constBegin(); it != first.constEnd(); ++it) {
        bool everywhere = true;
        for (int i = 1; everywhere && i < c.args.size(); ++i) {
            const QJsonObject o = c.args.at(i).json.toObject();
            auto other = o.constFind(it.key());
            everywhere = other != o.constEnd() && jsonEquals(other.value(), it.value());
        }
        if (everywhere)
            out.insert(it.key(), it.value());
    }
    return Value(out);
}

R fnReverse(const Call& c)
{
    auto items = array(c, 0);
    if (!items)
        return items.error();
    QJsonArray out;
    for (qsizetype i = items->size() - 1; i >= 0; --i)
        out.append(items->at(i));
    return Value(out);
}

R fnSort(const Call& c)
{
    auto items = array(c, 0);
    if (!items)
        return items.error();
    QString key;
    if (c.args.size() > 1) {
        auto given = str(c, 1);
        if (!given)
            return given.error();
        key = *given;
    }
    std::vector<QJsonValue> values(items->begin(), items->end());
    std::vector<QJsonValue> keys;
    keys.reserve(values.size());
    for (const QJsonValue& v : values) {
        if (key.isEmpty()) {
            keys.push_back(v);
            continue;
        }
        const QJsonObject o = v.toObject();
        auto it = findKey(o, key);
        if (!v.isObject() || it == o.constEnd())
            return argError(
                c, 0, tr("holds %1, which has no property '%2'").arg(Value(v).display(), key));
        keys.push_back(it.value());
    }
    const bool numbers = !keys.empty() && keys.front().isDouble();
    for (const QJsonValue& k : keys) {
        if (numbers ? !k.isDouble() : !k.isString())
            return argError(
                c, 0,
                tr("holds %1; only numbers or only strings can be sorted").arg(Value(k).display()));
    }
    std::vector<size_t> order(values.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (numbers)
            return keys[a].toDouble() < keys[b].toDouble();
        return keys[a].toString().compare(keys[b].toString(), Qt::CaseSensitive) < 0;
    });
    QJsonArray out;
    for (size_t i : order)
        out.append(values[i]);
    return Value(out);
}

// ---- comparison and logic ------------------------------------------------

R fnEquals(const Call& c)
{
    return Value(jsonEquals(c.args.at(0).json, c.args.at(1).json));
}

R fnNot(const Call& c)
{
    auto b = boolean(c, 0);
    if (!b)
        return b.error();
    return Value(!*b);
}

// -1, 0, 1 for two numbers or two strings (ordinal, as .NET compares).
Result<int> compare(const Call& c)
{
    const Value& a = c.args.at(0);
    const Value& b = c.args.at(1);
    if (a.isNumber() && b.isNumber()) {
        if (a.isInteger() && b.isInteger()) {
            const qint64 x = a.json.toInteger(), y = b.json.toInteger();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        const double x = a.json.toDouble(), y = b.json.toDouble();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.json.isString() && b.json.isString()) {
        const int r = a.json.toString().compare(b.json.toString(), Qt::CaseSensitive);
        return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    if (!a.isNumber() && !a.json.isString())
        return argError(c, 0, tr("is not a number or a string"));
    return argError(c, 1,
                    tr("is a %1 and cannot be compared with a %2").arg(b.typeName(), a.typeName()));
}

R fnGreater(const Call& c)
{
    auto r = compare(c);
    if (!r)
        return r.error();
    return Value(*r > 0);
}

R fnGreaterOrEquals(const Call& c)
{
    auto r = compare(c);
    if (!r)
        return r.error();
    return Value(*r >= 0);
}

R fnLess(const Call& c)
{
    auto r = compare(c);
    if (!r)
        return r.error();
    return Value(*r < 0);
}

R fnLessOrEquals(const Call& c)
{
    auto r = compare(c);
    if (!r)
        return r.error();
    return Value(*r <= 0);
}

// ---- conversions ---------------------------------------------------------

R fnString(const Call& c)
{
    return Value(c.args.at(0).toText());
}

R fnInt(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.isNumber()) {
        const double d = v.json.toDouble();
        if (v.isInteger())
            return Value::integer(v.json.toInteger());
        if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18)
            return Value::integer(qint64(d));
        return argError(c, 0, tr("is not a whole number"));
    }
    if (v.json.isString()) {
        bool ok = false;
        const qint64 n = v.json.toString().trimmed().toLongLong(&ok, 10);
        if (!ok)
            return argError(c, 0, tr("is not a number"));
        return Value::integer(n);
    }
    return argError(c, 0, tr("is not a number"));
}

R fnIsInt(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    bool ok = false;
    (void)text->trimmed().toLongLong(&ok, 10);
    return Value(ok);
}

R fnIsFloat(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    bool ok = false;
    const double d = text->trimmed().toDouble(&ok);
    return Value(ok && std::isfinite(d));
}

R fnFloat(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.isNumber())
        return Value::real(v.json.toDouble());
    if (v.json.isString()) {
        bool ok = false;
        const double d = v.json.toString().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return argError(c, 0, tr("is not a number"));
        return Value::real(d);
    }
    return argError(c, 0, tr("is not a number"));
}

R fnBool(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.json.isBool())
        return v;
    if (v.isNumber())
        return Value(v.json.toDouble() != 0);
    if (v.json.isString()) {
        const QString s = v.json.toString().trimmed();
        if (s.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return Value(true);
        if (s.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return Value(false);
    }
    return argError(c, 0, tr("is not a boolean"));
}

R fnJson(const Call& c)
{
    const Value& v = c.args.at(0);
    if (!v.json.isString())
        return v;
    // Wrapping in an array lets any JSON value stand at the top.
    const QByteArray text = "[" + v.json.toString().toUtf8() + "]";
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return argError(c, 0,
                        tr("is not valid JSON (%1)")
                            .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                                         : tr("not one value")));
    return Value(doc.array().at(0));
}

R fnArray(const Call& c)
{
    return Value(QJsonArray{c.args.at(0).json});
}

Result<QByteArray> fromBase64(const Call& c, int i)
{
    auto text = str(c, i);
    if (!text)
        return text.error();
    const QByteArray encoded = text->trimmed().toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || text->trimmed().size() != encoded.size())
        return argError(c, i, tr("is not valid base64"));
    return *decoded;
}

R fnBase64(const Call& c)
{
    const Value& v = c.args.at(0);
    if (v.json.isObject()) {
        const QJsonValue content = v.json.toObject().value(QStringLiteral("$content"));
        if (content.isString())
            return Value(content);
    }
    return Value(QString::fromLatin1(v.toText().toUtf8().toBase64()));
}

R fnBase64ToString(const Call& c)
{
    auto bytes = fromBase64(c, 0);
    if (!bytes)
        return bytes.error();
    return Value(QString::fromUtf8(*bytes));
}

R fnBase64ToBinary(const Call& c)
{
    auto bytes = fromBase64(c, 0);
    if (!bytes)
        return bytes.error();
    // Binary content travels in JSON the way Logic Apps writes it.
    QJsonObject content;
    content.insert(QStringLiteral("$content-type"), QStringLiteral("application/octet-stream"));
    content.insert(QStringLiteral("$content"), QString::fromLatin1(bytes->toBase64()));
    return Value(content);
}

R fnEncodeUriComponent(const Call& c)
{
    // RFC 3986 2.3: only the unreserved characters stay as they are.
    return Value(QString::fromLatin1(QUrl::toPercentEncoding(c.args.at(0).toText())));
}

R fnDecodeUriComponent(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    return Value(QUrl::fromPercentEncoding(text->toUtf8()));
}

// ---- arithmetic ----------------------------------------------------------

enum class Op
{
    Add,
    Sub,
    Mul,
    Div,
    Mod
};

R arithmetic(const Call& c, Op op)
{
    auto a = number(c, 0);
    if (!a)
        return a.error();
    auto b = number(c, 1);
    if (!b)
        return b.error();
    const bool zero = *b == 0;
    if ((op == Op::Div || op == Op::Mod) && zero)
        return argError(c, 1, tr("is zero, and nothing can be divided by zero"));
    if (c.args.at(0).isInteger() && c.args.at(1).isInteger()) {
        const qint64 x = c.args.at(0).json.toInteger(), y = c.args.at(1).json.toInteger();
        qint64 r = 0;
        bool overflow = false;
        switch (op) {
        case Op::Add:
            overflow = __builtin_add_overflow(x, y, &r);
            break;
        case Op::Sub:
            overflow = __builtin_sub_overflow(x, y, &r);
            break;
        case Op::Mul:
            overflow = __builtin_mul_overflow(x, y, &r);
            break;
        case Op::Div:
            overflow = x == std::numeric_limits<qint64>::min() && y == -1;
            if (!overflow)
                r = x / y; // truncates toward zero, as .NET does
            break;
        case Op::Mod:
            r = y == -1 ? 0 : x % y; // sign of the dividend, as .NET does
            break;
        }
        if (!overflow)
            return Value::integer(r);
    }
    const double x = *a, y = *b;
    double r = 0;
    switch (op) {
    case Op::Add:
        r = x + y;
        break;
    case Op::Sub:
        r = x - y;
        break;
    case Op::Mul:
        r = x * y;
        break;
    case Op::Div:
        r = x / y;
        break;
    case Op::Mod:
        r = std::fmod(x, y);
        break;
    }
    if (!std::isfinite(r))
        return callError(c, tr("the result is too large"));
    return Value::real(r);
}

R fnAdd(const Call& c)
{
    return arithmetic(c, Op::Add);
}
R fnSub(const Call& c)
{
    return arithmetic(c, Op::Sub);
}
R fnMul(const Call& c)
{
    return arithmetic(c, Op::Mul);
}
R fnDiv(const Call& c)
{
    return arithmetic(c, Op::Div);
}
R fnMod(const Call& c)
{
    return arithmetic(c, Op::Mod);
}

R minMax(const Call& c, bool wantMax)
{
    std::vector<Value> values;
    if (c.args.size() == 1 && c.args.at(0).json.isArray()) {
        for (const QJsonValue& v : c.args.at(0).json.toArray())
            values.emplace_back(v);
        if (values.empty())
            return argError(c, 0, tr("is an empty array"));
        for (const Value& v : values) {
            if (!v.isNumber())
                return argError(c, 0, tr("holds %1, which is not a number").arg(v.display()));
        }
    } else {
        for (int i = 0; i < c.args.size(); ++i) {
            if (!c.args.at(i).isNumber())
                return argError(c, i, tr("is not a number"));
            values.push_back(c.args.at(i));
        }
    }
    Value best = values.front();
    for (const Value& v : values) {
        const double x = v.json.toDouble(), y = best.json.toDouble();
        if (wantMax ? x > y : x < y)
            best = v;
    }
    return best;
}

R fnMin(const Call& c)
{
    return minMax(c, false);
}

R fnMax(const Call& c)
{
    return minMax(c, true);
}

R fnRand(const Call& c)
{
    auto low = integer(c, 0);
    if (!low)
        return low.error();
    auto high = integer(c, 1);
    if (!high)
        return high.error();
    if (*low >= *high)
        return argError(c, 1, tr("must be larger than argument 1"));
    const quint64 span = quint64(*high) - quint64(*low);
    return Value::integer(qint64(quint64(*low) + QRandomGenerator::global()->bounded(span)));
}

R fnRange(const Call& c)
{
    auto start = integer(c, 0);
    if (!start)
        return start.error();
    auto count = integer(c, 1);
    if (!count)
        return count.error();
    if (*count < 0 || *count > 100000)
        return argError(c, 1, tr("is not between 0 and 100000"));
    if (*start > std::numeric_limits<qint64>::max() - *count)
        return argError(c, 0, tr("is too large"));
    QJsonArray out;
    for (qint64 i = 0; i < *count; ++i)
        out.append(*start + i);
    return Value(out);
}

// ---- date and time -------------------------------------------------------

Result<DateTimeFormat::Timestamp> timestamp(const Call& c, int i)
{
    auto text = str(c, i);
    if (!text)
        return text.error();
    auto t = DateTimeFormat::parse(*text);
    if (!t)
        return argError(c, i,
                        tr("is not a valid timestamp (use ISO 8601, e.g. 2026-01-05T09:00:00Z)"));
    return *t;
}

// Formats with the optional format argument at index `i`.
R formatted(const Call& c, const DateTimeFormat::Timestamp& t, int i)
{
    if (!DateTimeFormat::inRange(t.utc))
        return callError(c, tr("the resulting date is outside the years 1 to 9999"));
    QString format = QStringLiteral("o");
    if (c.args.size() > i) {
        auto given = str(c, i);
        if (!given)
            return given.error();
        format = *given;
    }
    auto text = DateTimeFormat::format(t, format);
    if (!text)
        return argError(c, i, tr("is not a valid date format: %1").arg(text.error().message));
    return Value(*text);
}

DateTimeFormat::Timestamp now(const Call& c)
{
    return DateTimeFormat::Timestamp{c.context.clock().now().toUTC(), 0, true};
}

R fnUtcNow(const Call& c)
{
    return formatted(c, now(c), 0);
}

R fnFormatDateTime(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    if (c.args.size() > 2) {
        auto locale = str(c, 2);
        if (!locale)
            return locale.error();
        const QString l = locale->toLower();
        if (!l.isEmpty() && l != QLatin1String("en-us") && l != QLatin1String("en"))
            return argError(c, 2, tr("is not a supported locale (only en-US)"));
    }
    return formatted(c, *t, 1);
}

// Keeps additions far from QDateTime's own limits; anything beyond is out of
// range anyway (10,000 years).
constexpr qint64 MaxSpanSeconds = 10000LL * 366 * 24 * 3600;

R addSpan(const Call& c, const DateTimeFormat::Timestamp& base, qint64 amount, const QString& unit,
          int formatIndex)
{
    DateTimeFormat::Timestamp t = base;
    const QString u = unit.toLower();
    qint64 seconds = 0;
    if (u == QLatin1String("second"))
        seconds = 1;
    else if (u == QLatin1String("minute"))
        seconds = 60;
    else if (u == QLatin1String("hour"))
        seconds = 3600;
    else if (u == QLatin1String("day"))
        seconds = 86400;
    else if (u == QLatin1String("week"))
        seconds = 7 * 86400;
    if (seconds) {
        if (amount > MaxSpanSeconds / seconds || amount < -MaxSpanSeconds / seconds)
            return callError(c, tr("the resulting date is outside the years 1 to 9999"));
        t.utc = t.utc.addSecs(amount * seconds);
    } else if (u == QLatin1String("month") || u == QLatin1String("year")) {
        if (amount > 120000 || amount < -120000)
            return callError(c, tr("the resulting date is outside the years 1 to 9999"));
        t.utc = u == QLatin1String("month") ? t.utc.addMonths(int(amount))
                                            : t.utc.addYears(int(amount));
    } else {
        return callError(c, tr("'%1' is not a time unit (use Second, Minute, Hour, Day, Week, "
                               "Month or Year)")
                                .arg(unit));
    }
    return formatted(c, t, formatIndex);
}

R addUnit(const Call& c, const char* unit)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto amount = integer(c, 1);
    if (!amount)
        return amount.error();
    return addSpan(c, *t, *amount, QString::fromLatin1(unit), 2);
}

R fnAddDays(const Call& c)
{
    return addUnit(c, "Day");
}
R fnAddHours(const Call& c)
{
    return addUnit(c, "Hour");
}
R fnAddMinutes(const Call& c)
{
    return addUnit(c, "Minute");
}
R fnAddSeconds(const Call& c)
{
    return addUnit(c, "Second");
}

R fnAddToTime(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto amount = integer(c, 1);
    if (!amount)
        return amount.error();
    auto unit = str(c, 2);
    if (!unit)
        return unit.error();
    return addSpan(c, *t, *amount, *unit, 3);
}

R relativeTime(const Call& c, int sign)
{
    auto amount = integer(c, 0);
    if (!amount)
        return amount.error();
    auto unit = str(c, 1);
    if (!unit)
        return unit.error();
    if (*amount == std::numeric_limits<qint64>::min())
        return argError(c, 0, tr("is too large"));
    return addSpan(c, now(c), sign * *amount, *unit, 2);
}

R fnGetFutureTime(const Call& c)
{
    return relativeTime(c, 1);
}

R fnGetPastTime(const Call& c)
{
    return relativeTime(c, -1);
}

R fnSubtractFromTime(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto amount = integer(c, 1);
    if (!amount)
        return amount.error();
    if (*amount == std::numeric_limits<qint64>::min())
        return argError(c, 1, tr("is too large"));
    auto unit = str(c, 2);
    if (!unit)
        return unit.error();
    return addSpan(c, *t, -*amount, *unit, 3);
}

R fnStartOfHour(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    t->utc.setTime(QTime(t->utc.time().hour(), 0));
    t->subMillis = 0;
    return formatted(c, *t, 1);
}

R fnStartOfMonth(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    const QDate d = t->utc.date();
    t->utc = QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), Qt::UTC);
    t->subMillis = 0;
    return formatted(c, *t, 1);
}

// Logic Apps names zones the Windows way ("W. Europe Standard Time"); IANA
// names ("Europe/Berlin") are accepted too.
Result<QTimeZone> zone(const Call& c, int i)
{
    auto name = str(c, i);
    if (!name)
        return name.error();
    if (name->compare(QLatin1String("UTC"), Qt::CaseInsensitive) == 0 ||
        name->compare(QLatin1String("Coordinated Universal Time"), Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    const QByteArray id = name->toUtf8();
    const QByteArray iana = QTimeZone::windowsIdToDefaultIanaId(id);
    QTimeZone tz;
    if (!iana.isEmpty())
        tz = QTimeZone(iana);
    else if (!id.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id))
        tz = QTimeZone(id);
    if (!tz.isValid())
        return argError(c, i,
                        tr("is not a time zone (use a Windows name such as 'W. Europe Standard "
                           "Time' or an IANA name such as 'Europe/Berlin')"));
    return tz;
}

// The wall-clock time in `tz` of an instant, kept as a zone-less timestamp
// (.NET's DateTimeKind.Unspecified).
DateTimeFormat::Timestamp toWallClock(const DateTimeFormat::Timestamp& t, const QTimeZone& tz)
{
    const QDateTime local = t.utc.toTimeZone(tz);
    return DateTimeFormat::Timestamp{QDateTime(local.date(), local.time(), Qt::UTC), t.subMillis,
                                     false};
}

// The instant at which the wall clock in `tz` shows the time written in `t`.
DateTimeFormat::Timestamp fromWallClock(const DateTimeFormat::Timestamp& t, const QTimeZone& tz)
{
    const QDateTime local(t.utc.date(), t.utc.time(), tz);
    return DateTimeFormat::Timestamp{local.toUTC(), t.subMillis, true};
}

R fnConvertFromUtc(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto tz = zone(c, 1);
    if (!tz)
        return tz.error();
    return formatted(c, toWallClock(*t, *tz), 2);
}

R fnConvertToUtc(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto tz = zone(c, 1);
    if (!tz)
        return tz.error();
    return formatted(c, fromWallClock(*t, *tz), 2);
}

R fnConvertTimeZone(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    auto from = zone(c, 1);
    if (!from)
        return from.error();
    auto to = zone(c, 2);
    if (!to)
        return to.error();
    const DateTimeFormat::Timestamp instant = t->hasZone ? *t : fromWallClock(*t, *from);
    return formatted(c, toWallClock(instant, *to), 3);
}

R fnDateDifference(const Call& c)
{
    auto start = timestamp(c, 0);
    if (!start)
        return start.error();
    auto end = timestamp(c, 1);
    if (!end)
        return end.error();
    // A .NET TimeSpan in its constant ("c") format: [-][d.]hh:mm:ss[.fffffff].
    qint64 ticks = start->utc.msecsTo(end->utc) * 10000 + (end->subMillis - start->subMillis);
    QString out;
    if (ticks < 0) {
        out += QLatin1Char('-');
        ticks = -ticks;
    }
    const qint64 days = ticks / (86400LL * 10000000);
    const qint64 rest = ticks % (86400LL * 10000000);
    if (days)
        out += QString::number(days) + QLatin1Char('.');
    const qint64 seconds = rest / 10000000;
    out += QStringLiteral("%1:%2:%3")
               .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
               .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
               .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (rest % 10000000)
        out += QStringLiteral(".%1").arg(rest % 10000000, 7, 10, QLatin1Char('0'));
    return Value(out);
}

R fnStartOfDay(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    t->utc.setTime(QTime(0, 0));
    t->subMillis = 0;
    return formatted(c, *t, 1);
}

R fnDayOfWeek(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    return Value::integer(t->utc.date().dayOfWeek() % 7); // Sunday is 0, as in .NET
}

R fnDayOfMonth(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    return Value::integer(t->utc.date().day());
}

R fnDayOfYear(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    return Value::integer(t->utc.date().dayOfYear());
}

R fnTicks(const Call& c)
{
    auto t = timestamp(c, 0);
    if (!t)
        return t.error();
    // .NET ticks: 100 ns intervals since 0001-01-01T00:00:00.
    static const QDateTime epoch(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
    return Value::integer(epoch.msecsTo(t->utc) * 10000 + t->subMillis);
}

using Lazy = ExpressionFunctions::Lazy;

// ---- numbers and dates in a locale --------------------------------------

Result<QLocale> localeArg(const Call& c, int i)
{
    if (c.args.size() <= i)
        return NumberFormat::locale(QString());
    auto name = str(c, i);
    if (!name)
        return name.error();
    auto l = NumberFormat::locale(*name);
    if (!l)
        return argError(c, i, tr("is not a known locale (use a name such as en-US or de-DE)"));
    return *l;
}

R fnFormatNumber(const Call& c)
{
    auto n = number(c, 0);
    if (!n)
        return n.error();
    auto format = str(c, 1);
    if (!format)
        return format.error();
    auto locale = localeArg(c, 2);
    if (!locale)
        return locale.error();
    auto text = NumberFormat::format(*n, c.args.at(0).isInteger(), *format, *locale);
    if (!text)
        return argError(c, 1, tr("is not a valid number format: %1").arg(text.error().message));
    return Value(*text);
}

R fnParseDateTime(const Call& c)
{
    auto text = str(c, 0);
    if (!text)
        return text.error();
    auto locale = localeArg(c, 1);
    if (!locale)
        return locale.error();
    std::optional<DateTimeFormat::Timestamp> t;
    if (c.args.size() > 2) {
        auto format = str(c, 2);
        if (!format)
            return format.error();
        auto parsed = DateTimeFormat::parseExact(*text, *format, *locale);
        if (!parsed)
            return argError(c, 2, tr("is not a valid date format: %1").arg(parsed.error().message));
        t = *parsed;
        if (!t)
            return argError(c, 0, tr("does not match the format %1").arg(c.args.at(2).display()));
    } else {
        t = DateTimeFormat::parseLocale(*text, *locale);
        if (!t)
            return argError(c, 0,
                            tr("is not a date and time as %1 writes it")
                                .arg(c.args.size() > 1 ? c.args.at(1).json.toString()
                                                       : QStringLiteral("en-US")));
    }
    return formatted(c, *t, 3);
}

// ---- forms ---------------------------------------------------------------

struct FormField
{
    QString key;
    QJsonValue value;
};

QString headerValue(const QJsonObject& headers, const QString& name)
{
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value().toString();
    }
    return QString();
}

QList<FormField> urlEncodedFields(const QByteArray& text)
{
    QList<FormField> out;
    // HTML 4.01 17.13.4: '+' is a space in form-urlencoded text.
    QByteArray plusless = text;
    plusless.replace('+', ' ');
    const QUrlQuery query(QString::fromUtf8(plusless));
    for (const auto& [k, v] : query.queryItems(QUrl::FullyDecoded))
        out.append({k, v});
    return out;
}

// The `name` parameter of a header value such as `form-data; name="a"`.
QString headerParameter(const QString& header, const QString& name)
{
    for (const QString& part : header.split(QLatin1Char(';'))) {
        const QString p = part.trimmed();
        if (p.startsWith(name + QLatin1Char('='), Qt::CaseInsensitive)) {
            QString v = p.mid(name.size() + 1).trimmed();
            if (v.size() >= 2 && v.startsWith(QLatin1Char('"')) && v.endsWith(QLatin1Char('"')))
                v = v.mid(1, v.size() - 2);
            return v;
        }
    }
    return QString();
}

// The body of a part: text as a string, anything else as a content object.
QJsonValue partBody(const QByteArray& bytes, const QString& contentType)
{
    if (contentType.isEmpty() ||
        contentType.startsWith(QLatin1String("text/"), Qt::CaseInsensitive))
        return QString::fromUtf8(bytes);
    return QJsonObject{{QStringLiteral("$content-type"), contentType},
                       {QStringLiteral("$content"), QString::fromLatin1(bytes.toBase64())}};
}

// RFC 7578 / RFC 2046 5.1.1: parts between "--boundary" lines; the same
// shape as Logic Apps' "$multipart": [{"headers", "body"}].
QJsonArray multipartParts(const QByteArray& body, const QString& boundary)
{
    QJsonArray parts;
    const QByteArray delimiter = "--" + boundary.toUtf8();
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        qsizetype start = pos + delimiter.size();
        if (body.mid(start, 2) == "--")
            break;
        if (body.mid(start, 2) == "\r\n")
            start += 2;
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), start);
        if (next < 0)
            break;
        const QByteArray part = body.mid(start, next - start);
        const qsizetype split = part.indexOf("\r\n\r\n");
        const QByteArray head = split < 0 ? QByteArray() : part.left(split);
        const QByteArray content = split < 0 ? part : part.mid(split + 4);
        QJsonObject headers;
        for (const QByteArray& line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.insert(QString::fromUtf8(line.left(colon).trimmed()),
                               QString::fromUtf8(line.mid(colon + 1).trimmed()));
        }
        parts.append(
            QJsonObject{{QStringLiteral("headers"), headers},
                        {QStringLiteral("body"),
                         partBody(content, headerValue(headers, QStringLiteral("Content-Type")))}});
        pos = next + 2;
    }
    return parts;
}

// The parts of a multipart body, whichever way it arrived; nullopt when it is not multipart.
std::optional<QJsonArray> multipartOf(const QJsonValue& body)
{
    const QJsonObject o = body.toObject();
    if (o.value(QStringLiteral("$multipart")).isArray())
        return o.value(QStringLiteral("$multipart")).toArray();
    const QString type = o.value(QStringLiteral("$content-type")).toString();
    if (type.startsWith(QLatin1String("multipart/"), Qt::CaseInsensitive) &&
        o.value(QStringLiteral("$content")).isString()) {
        const QString boundary = headerParameter(type, QStringLiteral("boundary"));
        if (boundary.isEmpty())
            return std::nullopt;
        return multipartParts(
            QByteArray::fromBase64(o.value(QStringLiteral("$content")).toString().toLatin1()),
            boundary);
    }
    return std::nullopt;
}

QString textOfPart(const QJsonValue& body)
{
    return Value(body).toText();
}

// The fields of a form body (urlencoded or multipart/form-data), as Logic
// Apps reads them for triggerFormDataValue() and formDataValue().
Result<QList<FormField>> formFields(const Call& c, const QJsonObject& outputs)
{
    const QJsonValue body = outputs.value(QStringLiteral("body"));
    const QJsonObject o = body.toObject();
    if (o.value(QStringLiteral("$formdata")).isArray()) {
        QList<FormField> out;
        for (const QJsonValue& f : o.value(QStringLiteral("$formdata")).toArray())
            out.append({f[QStringLiteral("key")].toString(), f[QStringLiteral("value")]});
        return out;
    }
    if (auto parts = multipartOf(body)) {
        QList<FormField> out;
        for (const QJsonValue& part : *parts) {
            const QString disposition = headerValue(part[QStringLiteral("headers")].toObject(),
                                                    QStringLiteral("Content-Disposition"));
            out.append({headerParameter(disposition, QStringLiteral("name")),
                        textOfPart(part[QStringLiteral("body")])});
        }
        return out;
    }
    const QString type = o.contains(QStringLiteral("$content-type"))
                             ? o.value(QStringLiteral("$content-type")).toString()
                             : headerValue(outputs.value(QStringLiteral("headers")).toObject(),
                                           QStringLiteral("Content-Type"));
    if (type.startsWith(QLatin1String("application/x-www-form-urlencoded"), Qt::CaseInsensitive)) {
        if (o.value(QStringLiteral("$content")).isString())
            return urlEncodedFields(
                QByteArray::fromBase64(o.value(QStringLiteral("$content")).toString().toLatin1()));
        if (body.isString())
            return urlEncodedFields(body.toString().toUtf8());
    }
    return callError(c, tr("the body is not form data (application/x-www-form-urlencoded or "
                           "multipart/form-data)"));
}

R formValue(const Call& c, const QJsonObject& outputs, int keyIndex, bool many)
{
    auto key = str(c, keyIndex);
    if (!key)
        return key.error();
    auto fields = formFields(c, outputs);
    if (!fields)
        return fields.error();
    QJsonArray values;
    for (const FormField& f : *fields) {
        if (f.key == *key)
            values.append(f.value);
    }
    if (many)
        return Value(values);
    if (values.size() > 1)
        return callError(c, tr("the form has %1 values for '%2'; use the MultiValues function")
                                .arg(values.size())
                                .arg(*key));
    return Value(values.isEmpty() ? QJsonValue() : values.first());
}

Result<QJsonObject> actionOutputs(const Call& c)
{
    auto record = actionRecord(c);
    if (!record)
        return record.error();
    return record->value(QStringLiteral("outputs")).toObject();
}

R fnTriggerFormDataValue(const Call& c)
{
    return formValue(c, c.context.triggerOutputs(), 0, false);
}

R fnTriggerFormDataMultiValues(const Call& c)
{
    return formValue(c, c.context.triggerOutputs(), 0, true);
}

R fnFormDataValue(const Call& c)
{
    auto outputs = actionOutputs(c);
    if (!outputs)
        return outputs.error();
    return formValue(c, *outputs, 1, false);
}

R fnFormDataMultiValues(const Call& c)
{
    auto outputs = actionOutputs(c);
    if (!outputs)
        return outputs.error();
    return formValue(c, *outputs, 1, true);
}

R fnTriggerMultipartBody(const Call& c)
{
    auto index = integer(c, 0);
    if (!index)
        return index.error();
    const auto parts = multipartOf(c.context.triggerOutputs().value(QStringLiteral("body")));
    if (!parts)
        return callError(c, tr("the trigger's body is not multipart"));
    if (*index < 0 || *index >= parts->size())
        return argError(c, 0, tr("is not a part; the body has %1 parts").arg(parts->size()));
    return Value(parts->at(*index)[QStringLiteral("body")]);
}

// ---- XML -----------------------------------------------------------------

// The XML text of an argument: an XML content object or a string of XML.
Result<QString> xmlText(const Call& c, int i)
{
    const Value& v = c.args.at(i);
    if (XmlDocument::isXmlContent(v.json))
        return v.toText();
    if (v.json.isString())
        return v.json.toString();
    return argError(c, i, tr("is not XML; make it with xml()"));
}

R fnXml(const Call& c)
{
    const Value& v = c.args.at(0);
    if (XmlDocument::isXmlContent(v.json))
        return v;
    if (v.json.isObject()) {
        auto xml = XmlDocument::fromJson(v.json);
        if (!xml)
            return argError(c, 0, tr("cannot become XML: %1").arg(xml.error().message));
        return Value(XmlDocument::toContent(*xml));
    }
    if (!v.json.isString())
        return argError(c, 0, tr("is not XML text or a JSON object"));
    QString text = v.json.toString();
    auto doc = XmlDocument::parse(text);
    if (!doc) {
        // A string of JSON converts as the object it holds.
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
        if (!json.isObject())
            return argError(c, 0, tr("is not well-formed XML: %1").arg(doc.error().message));
        auto xml = XmlDocument::fromJson(json.object());
        if (!xml)
            return argError(c, 0, tr("cannot become XML: %1").arg(xml.error().message));
        text = *xml;
    }
    return Value(XmlDocument::toContent(text));
}

R fnXpath(const Call& c)
{
    auto text = xmlText(c, 0);
    if (!text)
        return text.error();
    auto doc = XmlDocument::parse(*text);
    if (!doc)
        return argError(c, 0, tr("is not well-formed XML: %1").arg(doc.error().message));
    auto path = str(c, 1);
    if (!path)
        return path.error();
    auto result = XPath::evaluate(*doc, *path);
    if (!result)
        return callError(c, result.error().message);
    return Value(*result);
}

const std::vector<ExpressionFunctions::Function>& table()
{
    static const std::vector<ExpressionFunctions::Function> functions = {
        {QStringLiteral("trigger"), 0, 0, fnTrigger, Lazy::No},
        {QStringLiteral("triggerBody"), 0, 0, fnTriggerBody, Lazy::No},
        {QStringLiteral("triggerOutputs"), 0, 0, fnTriggerOutputs, Lazy::No},
        {QStringLiteral("body"), 1, 1, fnBody, Lazy::No},
        {QStringLiteral("outputs"), 1, 1, fnOutputs, Lazy::No},
        {QStringLiteral("actions"), 1, 1, fnActions, Lazy::No},
        {QStringLiteral("action"), 0, 0, fnAction, Lazy::No},
        {QStringLiteral("items"), 1, 1, fnItems, Lazy::No},
        {QStringLiteral("item"), 0, 0, fnItem, Lazy::No},
        {QStringLiteral("iterationIndexes"), 1, 1, fnIterationIndexes, Lazy::No},
        {QStringLiteral("parameters"), 1, 1, fnParameters, Lazy::No},
        {QStringLiteral("variables"), 1, 1, fnVariables, Lazy::No},
        {QStringLiteral("result"), 1, 1, fnResult, Lazy::No},
        {QStringLiteral("workflow"), 0, 0, fnWorkflow, Lazy::No},
        {QStringLiteral("appsetting"), 1, 1, fnAppSetting, Lazy::No},
        {QStringLiteral("concat"), 1, -1, fnConcat, Lazy::No},
        {QStringLiteral("join"), 2, 2, fnJoin, Lazy::No},
        {QStringLiteral("replace"), 3, 3, fnReplace, Lazy::No},
        {QStringLiteral("substring"), 2, 3, fnSubstring, Lazy::No},
        {QStringLiteral("slice"), 2, 3, fnSlice, Lazy::No},
        {QStringLiteral("split"), 2, 2, fnSplit, Lazy::No},
        {QStringLiteral("toUpper"), 1, 1, fnToUpper, Lazy::No},
        {QStringLiteral("toLower"), 1, 1, fnToLower, Lazy::No},
        {QStringLiteral("trim"), 1, 1, fnTrim, Lazy::No},
        {QStringLiteral("indexOf"), 2, 2, fnIndexOf, Lazy::No},
        {QStringLiteral("lastIndexOf"), 2, 2, fnLastIndexOf, Lazy::No},
        {QStringLiteral("startsWith"), 2, 2, fnStartsWith, Lazy::No},
        {QStringLiteral("endsWith"), 2, 2, fnEndsWith, Lazy::No},
        {QStringLiteral("guid"), 0, 1, fnGuid, Lazy::No},
        {QStringLiteral("length"), 1, 1, fnLength, Lazy::No},
        {QStringLiteral("empty"), 1, 1, fnEmpty, Lazy::No},
        {QStringLiteral("contains"), 2, 2, fnContains, Lazy::No},
        {QStringLiteral("first"), 1, 1, fnFirst, Lazy::No},
        {QStringLiteral("last"), 1, 1, fnLast, Lazy::No},
        {QStringLiteral("take"), 2, 2, fnTake, Lazy::No},
        {QStringLiteral("skip"), 2, 2, fnSkip, Lazy::No},
        {QStringLiteral("createArray"), 0, -1, fnCreateArray, Lazy::No},
        {QStringLiteral("union"), 1, -1, fnUnion, Lazy::No},
        {QStringLiteral("intersection"), 1, -1, fnIntersection, Lazy::No},
        {QStringLiteral("coalesce"), 1, -1, nullptr, Lazy::Coalesce},
        {QStringLiteral("if"), 3, 3, nullptr, Lazy::If},
        {QStringLiteral("and"), 1, -1, nullptr, Lazy::And},
        {QStringLiteral("or"), 1, -1, nullptr, Lazy::Or},
        {QStringLiteral("not"), 1, 1, fnNot, Lazy::No},
        {QStringLiteral("equals"), 2, 2, fnEquals, Lazy::No},
        {QStringLiteral("greater"), 2, 2, fnGreater, Lazy::No},
        {QStringLiteral("greaterOrEquals"), 2, 2, fnGreaterOrEquals, Lazy::No},
        {QStringLiteral("less"), 2, 2, fnLess, Lazy::No},
        {QStringLiteral("lessOrEquals"), 2, 2, fnLessOrEquals, Lazy::No},
        {QStringLiteral("string"), 1, 1, fnString, Lazy::No},
        {QStringLiteral("int"), 1, 1, fnInt, Lazy::No},
        {QStringLiteral("float"), 1, 1, fnFloat, Lazy::No},
        {QStringLiteral("bool"), 1, 1, fnBool, Lazy::No},
        {QStringLiteral("json"), 1, 1, fnJson, Lazy::No},
        {QStringLiteral("array"), 1, 1, fnArray, Lazy::No},
        {QStringLiteral("base64"), 1, 1, fnBase64, Lazy::No},
        {QStringLiteral("base64ToString"), 1, 1, fnBase64ToString, Lazy::No},
        {QStringLiteral("decodeBase64"), 1, 1, fnBase64ToString, Lazy::No},
        {QStringLiteral("base64ToBinary"), 1, 1, fnBase64ToBinary, Lazy::No},
        {QStringLiteral("encodeURIComponent"), 1, 1, fnEncodeUriComponent, Lazy::No},
        {QStringLiteral("uriComponent"), 1, 1, fnEncodeUriComponent, Lazy::No},
        {QStringLiteral("decodeURIComponent"), 1, 1, fnDecodeUriComponent, Lazy::No},
        {QStringLiteral("uriComponentToString"), 1, 1, fnDecodeUriComponent, Lazy::No},
        {QStringLiteral("add"), 2, 2, fnAdd, Lazy::No},
        {QStringLiteral("sub"), 2, 2, fnSub, Lazy::No},
        {QStringLiteral("mul"), 2, 2, fnMul, Lazy::No},
        {QStringLiteral("div"), 2, 2, fnDiv, Lazy::No},
        {QStringLiteral("mod"), 2, 2, fnMod, Lazy::No},
        {QStringLiteral("min"), 1, -1, fnMin, Lazy::No},
        {QStringLiteral("max"), 1, -1, fnMax, Lazy::No},
        {QStringLiteral("range"), 2, 2, fnRange, Lazy::No},
        {QStringLiteral("utcNow"), 0, 1, fnUtcNow, Lazy::No},
        {QStringLiteral("formatDateTime"), 1, 3, fnFormatDateTime, Lazy::No},
        {QStringLiteral("addDays"), 2, 3, fnAddDays, Lazy::No},
        {QStringLiteral("addHours"), 2, 3, fnAddHours, Lazy::No},
        {QStringLiteral("addMinutes"), 2, 3, fnAddMinutes, Lazy::No},
        {QStringLiteral("addSeconds"), 2, 3, fnAddSeconds, Lazy::No},
        {QStringLiteral("addToTime"), 3, 4, fnAddToTime, Lazy::No},
        {QStringLiteral("getFutureTime"), 2, 3, fnGetFutureTime, Lazy::No},
        {QStringLiteral("getPastTime"), 2, 3, fnGetPastTime, Lazy::No},
        {QStringLiteral("startOfDay"), 1, 2, fnStartOfDay, Lazy::No},
        {QStringLiteral("dayOfWeek"), 1, 1, fnDayOfWeek, Lazy::No},
        {QStringLiteral("dayOfMonth"), 1, 1, fnDayOfMonth, Lazy::No},
        {QStringLiteral("dayOfYear"), 1, 1, fnDayOfYear, Lazy::No},
        {QStringLiteral("ticks"), 1, 1, fnTicks, Lazy::No},
        {QStringLiteral("actionBody"), 0, 0, fnActionBody, Lazy::No},
        {QStringLiteral("actionOutputs"), 0, 0, fnActionOutputs, Lazy::No},
        {QStringLiteral("nthIndexOf"), 3, 3, fnNthIndexOf, Lazy::No},
        {QStringLiteral("reverse"), 1, 1, fnReverse, Lazy::No},
        {QStringLiteral("sort"), 1, 2, fnSort, Lazy::No},
        {QStringLiteral("isInt"), 1, 1, fnIsInt, Lazy::No},
        {QStringLiteral("isFloat"), 1, 1, fnIsFloat, Lazy::No},
        {QStringLiteral("rand"), 2, 2, fnRand, Lazy::No},
        {QStringLiteral("subtractFromTime"), 3, 4, fnSubtractFromTime, Lazy::No},
        {QStringLiteral("startOfHour"), 1, 2, fnStartOfHour, Lazy::No},
        {QStringLiteral("startOfMonth"), 1, 2, fnStartOfMonth, Lazy::No},
        {QStringLiteral("convertFromUtc"), 2, 3, fnConvertFromUtc, Lazy::No},
        {QStringLiteral("convertToUtc"), 2, 3, fnConvertToUtc, Lazy::No},
        {QStringLiteral("convertTimeZone"), 3, 4, fnConvertTimeZone, Lazy::No},
        {QStringLiteral("dateDifference"), 2, 2, fnDateDifference, Lazy::No},
        {QStringLiteral("formatNumber"), 2, 3, fnFormatNumber, Lazy::No},
        {QStringLiteral("parseDateTime"), 1, 3, fnParseDateTime, Lazy::No},
        {QStringLiteral("triggerFormDataValue"), 1, 1, fnTriggerFormDataValue, Lazy::No},
        {QStringLiteral("triggerFormDataMultiValues"), 1, 1, fnTriggerFormDataMultiValues,
         Lazy::No},
        {QStringLiteral("triggerMultipartBody"), 1, 1, fnTriggerMultipartBody, Lazy::No},
        {QStringLiteral("formDataValue"), 2, 2, fnFormDataValue, Lazy::No},
        {QStringLiteral("formDataMultiValues"), 2, 2, fnFormDataMultiValues, Lazy::No},
        {QStringLiteral("xml"), 1, 1, fnXml, Lazy::No},
        {QStringLiteral("xpath"), 2, 2, fnXpath, Lazy::No},
    };
    return functions;
}

const QHash<QString, int>& index()
{
    static const QHash<QString, int> byName = [] {
        QHash<QString, int> h;
        const auto& t = table();
        for (int i = 0; i < int(t.size()); ++i)
            h.insert(t[i].name.toLower(), i);
        return h;
    }();
    return byName;
}

} // namespace

int ExpressionFunctions::find(QStringView name)
{
    return index().value(name.toString().toLower(), -1);
}

const ExpressionFunctions::Function& ExpressionFunctions::at(int i)
{
    return table().at(size_t(i));
}

QStringList ExpressionFunctions::names()
{
    QStringList out;
    for (const Function& f : table())
        out.append(f.name);
    return out;
}

QString ExpressionFunctions::arityProblem(int i, int given)
{
    const Function& f = at(i);
    if (given >= f.minArgs && (f.maxArgs < 0 || given <= f.maxArgs))
        return QString();
    QString expected;
    if (f.maxArgs == 0)
        expected = tr("no arguments");
    else if (f.minArgs == f.maxArgs)
        expected = f.minArgs == 1 ? tr("1 argument") : tr("%1 arguments").arg(f.minArgs);
    else if (f.maxArgs < 0)
        expected =
            f.minArgs == 1 ? tr("at least 1 argument") : tr("at least %1 arguments").arg(f.minArgs);
    else
        expected = tr("%1 to %2 arguments").arg(f.minArgs).arg(f.maxArgs);
    return tr("%1 takes %2, not %3").arg(f.name, expected).arg(given);
}

Result<ExpressionValue> ExpressionFunctions::call(int i, const QList<ExpressionValue>& args,
                                                  const EvaluationContext& context)
{
    const Function& f = at(i);
    const QString arity = arityProblem(i, int(args.size()));
    if (!arity.isEmpty())
        return Result<ExpressionValue>::failure(QString(), arity);
    if (f.impl)
        return f.impl(Call{context, f.name, args});
    // The lazy ones, with everything already evaluated.
    switch (f.lazy) {
    case Lazy::If:
        if (!args.at(0).json.isBool())
            return argError(Call{context, f.name, args}, 0, tr("is not true or false"));
        return args.at(0).json.toBool() ? args.at(1) : args.at(2);
    case Lazy::And:
    case Lazy::Or: {
        const bool isAnd = f.lazy == Lazy::And;
        for (int a = 0; a < args.size(); ++a) {
            if (!args.at(a).json.isBool())
                return argError(Call{context, f.name, args}, a, tr("is not true or false"));
            if (args.at(a).json.toBool() != isAnd)
                return ExpressionValue(!isAnd);
        }
        return ExpressionValue(isAnd);
    }
    case Lazy::Coalesce:
        for (const ExpressionValue& v : args) {
            if (!v.isNull())
                return v;
        }
        return ExpressionValue(QJsonValue());
    case Lazy::No:
        break;
    }
    return ExpressionValue();
}

} // namespace engine
