#include "engine/expressions/ExpressionParser.h"

#include "engine/expressions/ExpressionFunctions.h"

#include <cmath>

namespace engine {
namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

std::shared_ptr<ExpressionNode> makeNode(ExpressionNode::Kind kind, int start)
{
    auto node = std::make_shared<ExpressionNode>();
    node->kind = kind;
    node->start = start;
    return node;
}

} // namespace

Result<Expression> ExpressionParser::parse(const QString& text)
{
    auto data = std::make_shared<Expression::Data>();
    data->text = text;

    // "@@..." is the escape for a literal text starting with '@'.
    if (text.startsWith(QLatin1String("@@"))) {
        data->kind = Expression::Kind::Literal;
        data->segments.append({text.mid(1), nullptr});
        return Expression(std::move(data));
    }

    ExpressionParser parser(text);
    if (text.size() >= 2 && text.at(0) == QLatin1Char('@') && text.at(1) != QLatin1Char('{')) {
        parser.m_pos = 1;
        ExpressionNodePtr root = parser.parseExpression(0);
        if (!root)
            return parser.m_error;
        parser.skipSpace();
        if (!parser.atEnd()) {
            parser.fail(parser.m_pos,
                        tr("unexpected %1 after the end of the expression").arg(parser.found()));
            return parser.m_error;
        }
        data->kind = Expression::Kind::Value;
        data->segments.append({QString(), std::move(root)});
        return Expression(std::move(data));
    }

    // Interpolation: literal text with "@{expr}" parts; "@@{" is a literal "@{".
    QString literal;
    bool hasExpression = false;
    const int n = text.size();
    int i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('@') && i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
            if (!literal.isEmpty()) {
                data->segments.append({literal, nullptr});
                literal.clear();
            }
            const int open = i;
            parser.m_pos = i + 2;
            ExpressionNodePtr node = parser.parseExpression(0);
            if (!node)
                return parser.m_error;
            parser.skipSpace();
            if (parser.current() != QLatin1Char('}')) {
                parser.fail(parser.m_pos,
                            tr("expected '}' to close the '@{' at column %1, found %2")
                                .arg(open + 1)
                                .arg(parser.found()));
                return parser.m_error;
            }
            data->segments.append({QString(), std::move(node)});
            hasExpression = true;
            i = parser.m_pos + 1;
            continue;
        }
        if (c == QLatin1Char('@') && i + 2 < n && text.at(i + 1) == QLatin1Char('@') &&
            text.at(i + 2) == QLatin1Char('{')) {
            literal += QLatin1String("@{");
            i += 3;
            continue;
        }
        literal += c;
        ++i;
    }
    if (!hasExpression) {
        data->kind = Expression::Kind::Literal;
        data->segments.clear();
        data->segments.append({literal, nullptr});
        return Expression(std::move(data));
    }
    if (!literal.isEmpty())
        data->segments.append({literal, nullptr});
    data->kind = Expression::Kind::Interpolation;
    return Expression(std::move(data));
}

ExpressionNodePtr ExpressionParser::fail(int pos, const QString& message)
{
    if (!m_failed) {
        m_failed = true;
        m_error = Error{QString(), tr("column %1: %2").arg(pos + 1).arg(message), 400};
    }
    return nullptr;
}

void ExpressionParser::skipSpace()
{
    while (!atEnd() && current().isSpace())
        ++m_pos;
}

QString ExpressionParser::found() const
{
    if (atEnd())
        return tr("the end of the text");
    return QStringLiteral("'") + current() + QStringLiteral("'");
}

ExpressionNodePtr ExpressionParser::parseExpression(int depth)
{
    if (depth > MaxDepth)
        return fail(m_pos, tr("the expression is nested too deeply"));
    ExpressionNodePtr node = parsePrimary(depth);
    if (!node)
        return nullptr;
    for (;;) {
        skipSpace();
        const int start = m_pos;
        bool nullSafe = false;
        // Each access nests the tree one level deeper, like a call does.
        if (current() == QLatin1Char('?') || current() == QLatin1Char('.') ||
            current() == QLatin1Char('[')) {
            if (++depth > MaxDepth)
                return fail(m_pos, tr("the expression is nested too deeply"));
        }
        if (current() == QLatin1Char('?')) {
            if (peek(1) != QLatin1Char('[') && peek(1) != QLatin1Char('.')) {
                ++m_pos;
                return fail(m_pos, tr("expected '[' or '.' after '?', found %1").arg(found()));
            }
            nullSafe = true;
            ++m_pos;
        }
        if (current() == QLatin1Char('.')) {
            ++m_pos;
            const int nameStart = m_pos;
            while (!atEnd() && isIdentChar(current()))
                ++m_pos;
            if (m_pos == nameStart)
                return fail(m_pos, tr("expected a property name after '.', found %1").arg(found()));
            auto access = makeNode(ExpressionNode::Kind::Property, node->start);
            access->name = m_text.mid(nameStart, m_pos - nameStart);
            access->nullSafe = nullSafe;
            access->args.push_back(std::move(node));
            access->end = m_pos;
            node = std::move(access);
            continue;
        }
        if (current() == QLatin1Char('[')) {
            ++m_pos;
            ExpressionNodePtr index = parseExpression(depth + 1);
            if (!index)
                return nullptr;
            skipSpace();
            if (current() != QLatin1Char(']'))
                return fail(m_pos, tr("expected ']' to close the '[' at column %1, found %2")
                                       .arg(start + (nullSafe ? 2 : 1))
                                       .arg(found()));
            ++m_pos;
            auto access = makeNode(ExpressionNode::Kind::Index, node->start);
            access->nullSafe = nullSafe;
            access->args.push_back(std::move(node));
            access->args.push_back(std::move(index));
            access->end = m_pos;
            node = std::move(access);
            continue;
        }
        m_pos = start;
        return node;
    }
}

ExpressionNodePtr ExpressionParser::parsePrimary(int depth)
{
    skipSpace();
    const QChar c = current();
    if (c == QLatin1Char('\''))
        return parseString();
    if (isDigit(c) || (c == QLatin1Char('.') && isDigit(peek(1))) ||
        ((c == QLatin1Char('+') || c == QLatin1Char('-')) &&
         (isDigit(peek(1)) || (peek(1) == QLatin1Char('.') && isDigit(peek(2))))))
        return parseNumber();
    if (isIdentStart(c))
        return parseCall(depth);
    if (atEnd())
        return fail(m_pos, tr("expected an expression, found the end of the text"));
    return fail(m_pos, tr("expected an expression, found %1").arg(found()));
}

ExpressionNodePtr ExpressionParser::parseString()
{
    const int start = m_pos;
    ++m_pos;
    QString value;
    for (;;) {
        if (atEnd())
            return fail(start, tr("the string that starts here has no closing quote"));
        const QChar c = current();
        ++m_pos;
        if (c == QLatin1Char('\'')) {
            // '' inside a string is one quote.
            if (current() == QLatin1Char('\'')) {
                value += c;
                ++m_pos;
                continue;
            }
            break;
        }
        value += c;
    }
    auto node = makeNode(ExpressionNode::Kind::Literal, start);
    node->literal = value;
    node->end = m_pos;
    return node;
}

ExpressionNodePtr ExpressionParser::parseNumber()
{
    const int start = m_pos;
    if (current() == QLatin1Char('+') || current() == QLatin1Char('-'))
        ++m_pos;
    bool isFloat = false;
    while (isDigit(current()))
        ++m_pos;
    if (current() == QLatin1Char('.')) {
        isFloat = true;
        ++m_pos;
        while (isDigit(current()))
            ++m_pos;
    }
    if (current() == QLatin1Char('e') || current() == QLatin1Char('E')) {
        isFloat = true;
        ++m_pos;
        if (current() == QLatin1Char('+') || current() == QLatin1Char('-'))
            ++m_pos;
        if (!isDigit(current()))
            return fail(m_pos, tr("expected the digits of the exponent, found %1").arg(found()));
        while (isDigit(current()))
            ++m_pos;
    }
    if (isIdentChar(current()) || current() == QLatin1Char('.'))
        return fail(m_pos, tr("unexpected %1 in a number").arg(found()));

    QString digits = m_text.mid(start, m_pos - start);
    if (digits.startsWith(QLatin1Char('+')))
        digits.remove(0, 1);
    auto node = makeNode(ExpressionNode::Kind::Literal, start);
    node->end = m_pos;
    bool ok = false;
    if (!isFloat) {
        const qint64 n = digits.toLongLong(&ok);
        if (ok) {
            node->literal = QJsonValue(n);
            return node;
        }
    }
    // Integers too large for 64 bits become floating point, as in .NET.
    const double d = digits.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return fail(start, tr("the number %1 is out of range").arg(digits));
    node->literal = QJsonValue(d);
    node->isFloat = true;
    return node;
}

ExpressionNodePtr ExpressionParser::parseCall(int depth)
{
    const int start = m_pos;
    while (!atEnd() && isIdentChar(current()))
        ++m_pos;
    const QString name = m_text.mid(start, m_pos - start);

    const int afterName = m_pos;
    skipSpace();
    if (current() != QLatin1Char('(')) {
        if (name.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
            name.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 ||
            name.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
            m_pos = afterName;
            auto node = makeNode(ExpressionNode::Kind::Literal, start);
            node->end = m_pos;
            if (name.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0)
                node->literal = QJsonValue(QJsonValue::Null);
            else
                node->literal =
                    QJsonValue(name.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0);
            return node;
        }
        return fail(m_pos,
                    tr("expected '(' after the function name '%1', found %2").arg(name, found()));
    }
    const int function = ExpressionFunctions::find(name);
    if (function < 0)
        return fail(start, tr("unknown function '%1'").arg(name));
    const QString& canonical = ExpressionFunctions::at(function).name;
    ++m_pos; // '('

    auto node = makeNode(ExpressionNode::Kind::Call, start);
    node->name = name;
    node->function = function;
    skipSpace();
    if (current() == QLatin1Char(')')) {
        ++m_pos;
    } else {
        for (;;) {
            ExpressionNodePtr arg = parseExpression(depth + 1);
            if (!arg)
                return nullptr;
            node->args.push_back(std::move(arg));
            skipSpace();
            if (current() == QLatin1Char(',')) {
                ++m_pos;
                continue;
            }
            if (current() == QLatin1Char(')')) {
                ++m_pos;
                break;
            }
            if (atEnd())
                return fail(m_pos, tr("expected ')' after the arguments of %1").arg(canonical));
            return fail(m_pos, tr("expected ',' or ')' after argument %1 of %2, found %3")
                                   .arg(node->args.size())
                                   .arg(canonical, found()));
        }
    }
    node->end = m_pos;
    const QString arity = ExpressionFunctions::arityProblem(function, int(node->args.size()));
    if (!arity.isEmpty())
        return fail(start, arity);
    return node;
}

} // namespace engine
