#include "designer/palette/OperationMatcher.h"

#include "engine/catalogue/Catalogue.h"

#include <algorithm>

namespace designer {
namespace {

// How strongly one typed word matched one word of a field.
enum Strength
{
    None = 0,
    Part = 1,
    Stem = 2,
    Prefix = 3,
    Whole = 4
};

// A word without the endings people drop or add while searching
// ("created" ~ "create", "emails" ~ "email", "sending" ~ "send").
QString stem(const QString& word)
{
    static const char* const endings[] = {"ing", "ed", "es", "s", "e"};
    for (const char* ending : endings) {
        const QLatin1String e(ending);
        if (word.size() > e.size() + 2 && word.endsWith(e))
            return word.left(word.size() - e.size());
    }
    return word;
}

Strength compare(const QString& typed, const QString& word)
{
    if (typed == word)
        return Whole;
    if (word.startsWith(typed))
        return Prefix;
    if (typed.size() >= 3 && stem(typed) == stem(word))
        return Stem;
    // "mail" in "email"; too short a fragment matches almost anything.
    if (typed.size() >= 3 && word.contains(typed))
        return Part;
    return None;
}

struct Field
{
    QStringList words;
    int weight = 0;
};

} // namespace

OperationMatcher::OperationMatcher(const engine::Catalogue& catalogue) : m_catalogue(catalogue) {}

QStringList OperationMatcher::words(const QString& text)
{
    QStringList out;
    QString current;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            current.append(c.toLower());
        } else if (!current.isEmpty()) {
            out.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

int OperationMatcher::score(const engine::Operation& operation, const QString& query)
{
    const QStringList typed = words(query);
    if (typed.isEmpty())
        return 1;

    // The name and the connector say most about what a person is after; the
    // description only backs them up.
    const Field fields[] = {
        {words(operation.displayName), 10},
        {words(operation.connectorDisplayName) + words(operation.connector), 9},
        {words(operation.keywords.join(QLatin1Char(' '))), 7},
        {words(operation.description), 3},
    };

    int total = 0;
    for (const QString& t : typed) {
        int best = 0;
        for (const Field& field : fields) {
            for (const QString& w : field.words)
                best = std::max(best, int(compare(t, w)) * field.weight);
        }
        if (best == 0)
            return 0; // every word typed must be found somewhere
        total += best;
    }

    // The whole query as written inside the name ("send email") beats the
    // same words scattered over the fields.
    const QString name = words(operation.displayName).join(QLatin1Char(' '));
    const QString phrase = typed.join(QLatin1Char(' '));
    if (typed.size() > 1 && name.contains(phrase))
        total += 15;
    if (name == phrase)
        total += 10;
    return total;
}

QList<OperationMatcher::Match> OperationMatcher::rank(const QString& query,
                                                      bool triggersFirst) const
{
    QList<Match> triggers;
    QList<Match> actions;
    for (const engine::Operation& op : m_catalogue.operations()) {
        const int s = score(op, query);
        if (s <= 0)
            continue;
        (op.isTrigger() ? triggers : actions).append(Match{&op, s});
    }
    const auto order = [](const Match& a, const Match& b) {
        if (a.score != b.score)
            return a.score > b.score;
        const int byConnector = a.operation->connectorDisplayName.compare(
            b.operation->connectorDisplayName, Qt::CaseInsensitive);
        if (byConnector != 0)
            return byConnector < 0;
        return a.operation->displayName.compare(b.operation->displayName, Qt::CaseInsensitive) < 0;
    };
    std::stable_sort(triggers.begin(), triggers.end(), order);
    std::stable_sort(actions.begin(), actions.end(), order);
    return triggersFirst ? triggers + actions : actions + triggers;
}

} // namespace designer
