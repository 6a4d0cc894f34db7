#pragma once

#include "engine/core/Result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <string>
#include <vector>

namespace engine {

// A JSON value that keeps the order of object keys as they were read.
// QJsonObject sorts keys, which would reorder every saved file; workflow files
// are kept in this form so that saving after an edit changes only what was
// edited. Numbers keep the text they were read with, so 1.0 stays 1.0.
class OrderedJson
{
public:
    enum class Type
    {
        Undefined,
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    struct Member;

    // How serialize() lays the text out; taken from the file that was read.
    struct Format
    {
        QByteArray indent = QByteArrayLiteral("  ");
        QByteArray newline = QByteArrayLiteral("\n");
        bool bom = false;
        bool finalNewline = false;
    };

    OrderedJson() = default;
    static OrderedJson null();
    static OrderedJson fromBool(bool value);
    static OrderedJson fromDouble(double value);
    static OrderedJson fromString(const QString& value);
    static OrderedJson object();
    static OrderedJson array();
    static OrderedJson fromJson(const QJsonValue& value);

    // Parses UTF-8 JSON text (a leading BOM is allowed and noted in `format`).
    // Errors name the line and column (1-based).
    static Result<OrderedJson> parse(const QByteArray& text, Format* format = nullptr);
    QByteArray serialize(const Format& format) const;
    QByteArray serialize() const { return serialize(Format{}); }

    Type type() const { return m_type; }
    bool isUndefined() const { return m_type == Type::Undefined; }
    bool isObject() const { return m_type == Type::Object; }
    bool isArray() const { return m_type == Type::Array; }
    bool isString() const { return m_type == Type::String; }

    QJsonValue toJson() const;
    QJsonObject toObject() const; // empty when not an object
    QString toString() const;     // empty when not a string

    // Objects: members in file order. Duplicate keys are kept as read; value()
    // finds the first.
    const std::vector<Member>& members() const { return m_members; }
    std::vector<Member>& members() { return m_members; }
    QStringList keys() const;
    bool contains(const QString& key) const;
    const OrderedJson* find(const QString& key) const;
    OrderedJson* find(const QString& key);
    const OrderedJson* findCaseInsensitive(const QString& key) const;
    // The member's value; an undefined value when there is none.
    OrderedJson value(const QString& key) const;
    // Sets the member in place, or appends it when new.
    void insert(const QString& key, OrderedJson value);
    // Inserts a new member at `position` (clamped); replaces in place when it exists.
    void insertAt(int position, const QString& key, OrderedJson value);
    bool remove(const QString& key);
    bool renameKey(const QString& from, const QString& to);
    int indexOf(const QString& key) const;

    // Arrays.
    const std::vector<OrderedJson>& items() const { return m_items; }
    std::vector<OrderedJson>& items() { return m_items; }

    // Makes this value equal in meaning to `value` while keeping the order of
    // the keys it already has; new keys go at the end, in `value`'s order.
    void merge(const QJsonValue& value);

    friend bool operator==(const OrderedJson& a, const OrderedJson& b);

private:
    Type m_type = Type::Undefined;
    bool m_bool = false;
    double m_number = 0;
    QString m_text; // string value, or the number as written
    // A long string value read without escapes, kept as the file's UTF-8
    // octets instead of in m_text: a base64 attachment literal would take
    // twice its size as UTF-16.
    QByteArray m_utf8;
    std::vector<OrderedJson> m_items;
    std::vector<Member> m_members;

    friend class OrderedJsonParser;
    void write(std::string& out, const Format& format, int depth) const;
    QJsonValue buildJson() const;
    qsizetype compactSizeBound() const;
    bool writeCompact(std::string& out) const;
};

struct OrderedJson::Member
{
    QString key;
    OrderedJson value;
};

} // namespace engine
