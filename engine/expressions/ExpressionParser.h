#pragma once

#include "engine/core/Result.h"
#include "engine/expressions/Expression.h"

#include <QCoreApplication>

namespace engine {

// Turns the text of a WDL string value into an Expression: finds the "@"
// and "@{...}" parts and parses each into nodes. Function names are resolved
// and their argument counts checked here, so mistakes show while typing,
// before anything runs.
class ExpressionParser
{
    Q_DECLARE_TR_FUNCTIONS(ExpressionParser)

public:
    static Result<Expression> parse(const QString& text);

    // Deeper nesting is refused, so that no input can exhaust the stack.
    static constexpr int MaxDepth = 128;

private:
    explicit ExpressionParser(const QString& text) : m_text(text) {}

    ExpressionNodePtr parseExpression(int depth);
    ExpressionNodePtr parsePrimary(int depth);
    ExpressionNodePtr parseString();
    ExpressionNodePtr parseNumber();
    ExpressionNodePtr parseCall(int depth);
    ExpressionNodePtr fail(int pos, const QString& message);

    void skipSpace();
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar current() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    QChar peek(int ahead) const
    {
        const int p = m_pos + ahead;
        return p < m_text.size() ? m_text.at(p) : QChar();
    }
    QString found() const;

    const QString& m_text;
    int m_pos = 0;
    bool m_failed = false;
    Error m_error;
};

} // namespace engine
