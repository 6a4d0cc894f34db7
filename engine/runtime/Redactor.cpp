#include "engine/runtime/Redactor.h"

#include "engine/core/JsonText.h"

#include <QCborValue>
#include <QJsonObject>
#include <algorithm>
#include <optional>

namespace engine {

void Redactor::addSecret(const QString& secret)
{
    if (!secret.isEmpty() && secret != mask())
        m_secrets.insert(secret);
}

void Redactor::addSecretsFrom(const QJsonValue& value)
{
    if (value.isString()) {
        addSecret(value.toString());
    } else if (value.isDouble()) {
        addSecret(QString::number(value.toDouble(), 'g', 17));
    } else if (value.isArray()) {
        for (const QJsonValue& v : value.toArray())
            addSecretsFrom(v);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addSecretsFrom(it.value());
    }
}

QString Redactor::redact(const QString& text) const
{
    if (m_secrets.isEmpty() || text.isEmpty())
        return text;
    // Longest first, so a secret containing another is masked whole.
    QStringList secrets(m_secrets.begin(), m_secrets.end());
    std::sort(secrets.begin(), secrets.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    QString out = text;
    for (const QString& s : secrets)
        out.replace(s, mask());
    return out;
}

namespace {

// Whether a text value may hold one of `needles` (UTF-8), looked for in the
// JSON's own storage (see JsonText), so a large string is not copied to
// UTF-16 just to learn that it holds no secret.
bool mayHold(const QCborValue& text, const QList<QByteArray>& needles)
{
    qsizetype longest = 1;
    for (const QByteArray& n : needles)
        longest = std::max(longest, n.size());
    QByteArray tail; // the end of the previous piece: a needle may straddle two
    bool found = false;
    const bool whole = JsonText::forEachUtf8Piece(text, {}, [&](const char* data, qint64 size) {
        const QByteArrayView piece(data, size);
        const QByteArray seam = tail + piece.first(std::min(size, qint64(longest - 1)));
        for (const QByteArray& n : needles) {
            if (seam.contains(n) || piece.contains(n)) {
                found = true;
                return false; // no need to read on
            }
        }
        const qsizetype keep = longest - 1;
        tail = size >= keep ? piece.last(keep).toByteArray()
                            : QByteArray(tail + piece.toByteArray()).right(keep);
        return true;
    });
    // Text that could not be read this way gets the exact check.
    return found || !whole;
}

} // namespace

// Containers are walked through QCborMap/QCborArray views that share their
// storage, and copied only where a value changes, so a run record of a step
// with a large input costs no copy of it.
struct Redactor::Walk
{
    const Redactor& redactor;
    QList<QByteArray> needles;

    // The value redacted; nothing when it holds no secret.
    std::optional<QJsonValue> value(const QJsonValue& v, const QCborValue& asCbor) const
    {
        switch (v.type()) {
        case QJsonValue::String: {
            if (needles.isEmpty() || (asCbor.isString() && !mayHold(asCbor, needles)))
                return std::nullopt;
            const QString text = v.toString();
            const QString out = redactor.redact(text);
            if (out == text)
                return std::nullopt;
            return QJsonValue(out);
        }
        case QJsonValue::Array:
            return array(v.toArray());
        case QJsonValue::Object:
            return object(v.toObject());
        default:
            return std::nullopt;
        }
    }

    std::optional<QJsonValue> array(const QJsonArray& in) const
    {
        std::optional<QJsonArray> out;
        JsonText::forEachItem(in, [&](qsizetype i, const QJsonValue& v, const QCborValue& asCbor) {
            if (auto r = value(v, asCbor)) {
                if (!out)
                    out = in;
                out->replace(i, *r);
            }
            return true;
        });
        if (!out)
            return std::nullopt;
        return QJsonValue(*out);
    }

    std::optional<QJsonValue> object(const QJsonObject& in) const
    {
        std::optional<QJsonObject> out;
        JsonText::forEachMember(
            in, [&](const QString& key, const QJsonValue& v, const QCborValue& asCbor) {
                std::optional<QJsonValue> r;
                if (isSecretKey(key) && !v.isNull() && !v.isUndefined()) {
                    if (v != QJsonValue(mask()))
                        r = QJsonValue(mask());
                } else {
                    r = value(v, asCbor);
                }
                if (r) {
                    if (!out)
                        out = in;
                    out->insert(key, *r);
                }
                return true;
            });
        if (!out)
            return std::nullopt;
        return QJsonValue(*out);
    }
};

QJsonValue Redactor::redact(const QJsonValue& value) const
{
    Walk walk{*this, {}};
    for (const QString& s : m_secrets)
        walk.needles << s.toUtf8();
    return walk.value(value, QCborValue()).value_or(value);
}

QJsonArray Redactor::redact(const QJsonArray& value) const
{
    return redact(QJsonValue(value)).toArray();
}

bool Redactor::isSecretKey(const QString& key)
{
    static const QStringList names = {
        QStringLiteral("password"),      QStringLiteral("passwd"),
        QStringLiteral("token"),         QStringLiteral("accessToken"),
        QStringLiteral("refreshToken"),  QStringLiteral("access_token"),
        QStringLiteral("refresh_token"), QStringLiteral("clientSecret"),
        QStringLiteral("client_secret"), QStringLiteral("secret"),
        QStringLiteral("apiKey"),        QStringLiteral("sig"),
        QStringLiteral("authorization"),
    };
    for (const QString& n : names) {
        if (key.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace engine
