#pragma once

#include "engine/catalogue/Operation.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace engine {
class Catalogue;
}

namespace designer {

// Ranks the catalogue's operations against what a person types in the
// operation search. Every word typed must be found somewhere (name,
// connector, keywords, description), as a whole word, the start of a word or
// a part of one; case, word order and simple endings ("created"/"create") do
// not matter. Kept apart from the widget so the ranking is testable.
class OperationMatcher
{
public:
    struct Match
    {
        const engine::Operation* operation = nullptr;
        int score = 0;
    };

    explicit OperationMatcher(const engine::Catalogue& catalogue);

    // The operations matching `query`, in two groups: triggers then actions
    // when `triggersFirst` (a workflow without a trigger), actions then
    // triggers otherwise; best first within each group. An empty query lists
    // everything by connector and name. The first entry is the one Enter takes.
    QList<Match> rank(const QString& query, bool triggersFirst) const;

    // The score of one operation (0: does not match). Higher is better.
    static int score(const engine::Operation& operation, const QString& query);

    // The lower-case words of a text, split on anything not a letter or digit.
    static QStringList words(const QString& text);

private:
    const engine::Catalogue& m_catalogue;
};

} // namespace designer
