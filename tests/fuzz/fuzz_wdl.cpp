// libFuzzer target for the workflow reader and writer: any bytes must either
// be refused with an error or read into a model whose output reads back to
// the same output (serialize is a fixed point after one pass), and the model's
// walks and the validator must not crash on what was read.
#include "engine/catalogue/Catalogue.h"
#include "engine/connections/Connections.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"

#include <cstdint>
#include <cstdlib>

namespace {

engine::PropertySchema property(const QString& key, engine::PropertyType type, bool required)
{
    engine::PropertySchema p;
    p.key = key;
    p.displayName = key;
    p.type = type;
    p.required = required;
    p.enumValues = {QStringLiteral("High"), QStringLiteral("Normal")};
    return p;
}

// One operation of every property type, with a shape that uses each kind of
// path the real descriptors use (plain keys, a URL segment inside a string, a
// connection reference, renamed array item keys), so the validator and
// StepProperties run on whatever was read. The real descriptors bring their
// connectors' runtimes, which have fuzz targets of their own.
const engine::Catalogue& catalogue()
{
    static const engine::Catalogue c = [] {
        using T = engine::PropertyType;
        engine::Operation op;
        op.id = QStringLiteral("fuzz.op");
        op.displayName = QStringLiteral("Fuzz");
        engine::PropertySchema items = property(QStringLiteral("Items"), T::Array, false);
        items.itemProperties = {property(QStringLiteral("Data"), T::Base64, true),
                                property(QStringLiteral("Flag"), T::Boolean, false)};
        op.properties = {property(QStringLiteral("Text"), T::String, true),
                         property(QStringLiteral("Count"), T::Integer, false),
                         property(QStringLiteral("On"), T::Boolean, false),
                         property(QStringLiteral("Level"), T::Enum, false),
                         property(QStringLiteral("When"), T::DateTime, false),
                         property(QStringLiteral("Object"), T::String, false),
                         property(QStringLiteral("Connection"), T::Connection, false),
                         property(QStringLiteral("Free"), T::Object, false),
                         items};
        engine::WdlShape shape;
        shape.name = QStringLiteral("ApiConnection");
        shape.matches = [](const QJsonObject& step) {
            return step.value(QLatin1String("type")).toString() == QLatin1String("ApiConnection");
        };
        const QString in = QStringLiteral("inputs");
        const QString body = QStringLiteral("body");
        shape.propertyPaths = {
            {QStringLiteral("Text"), {in, body, QStringLiteral("text")}},
            {QStringLiteral("Count"), {in, body, QStringLiteral("count")}},
            {QStringLiteral("On"), {in, body, QStringLiteral("on")}},
            {QStringLiteral("Level"), {in, body, QStringLiteral("level")}},
            {QStringLiteral("When"), {QStringLiteral("recurrence"), QStringLiteral("startTime")}},
            {QStringLiteral("Object"),
             {in, QStringLiteral("path"), QStringLiteral("@segment:tables")}},
            {QStringLiteral("Connection"),
             {in, QStringLiteral("host"), QStringLiteral("connection"),
              QStringLiteral("@connectionRef")}},
            {QStringLiteral("Free"), {in, QStringLiteral("free")}},
            {QStringLiteral("Items"), {in, body, QStringLiteral("items")}},
        };
        shape.itemKeys.insert(QStringLiteral("Items"),
                              {{QStringLiteral("Data"), QStringLiteral("data")},
                               {QStringLiteral("Flag"), QStringLiteral("flag")}});
        op.shapes = {shape};
        op.validate = [](const QJsonObject& properties) {
            QList<engine::Error> errors;
            if (properties.value(QLatin1String("Text")).toString() == QLatin1String("bad"))
                errors.append({QStringLiteral("Items[0].Data"), QStringLiteral("bad"), 400});
            return errors;
        };
        engine::Catalogue out;
        out.add(op);
        return out;
    }();
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));

    engine::Result<engine::Workflow> w = engine::Workflow::parse(bytes);
    if (w) {
        const QByteArray once = w->serialize();
        engine::Result<engine::Workflow> again = engine::Workflow::parse(once);
        if (!again || again->serialize() != once)
            std::abort();
        for (const QString& name : w->actionNames()) {
            (void)w->runAfter(name);
            (void)w->children(name, QStringLiteral("actions"));
            (void)w->stepJson(name);
        }
        // The validator and edits cost far more than reading; they run on
        // small inputs so the reader and writer get most of the executions.
        if (size <= 256) {
            (void)engine::Validator::validate(*w, catalogue());
            for (const QString& name : w->actionNames()) {
                for (const QString& key : {QStringLiteral("Object"), QStringLiteral("Connection"),
                                           QStringLiteral("Items"), QStringLiteral("Text")}) {
                    const QJsonValue v = w->property(name, key, catalogue());
                    (void)w->setProperty(name, key,
                                         v.isUndefined() ? QJsonValue(QStringLiteral("x'y")) : v,
                                         catalogue());
                }
                break;
            }
            // Structure edits keep the model readable.
            const QStringList actions = w->actionNames();
            if (!actions.isEmpty()) {
                const QString first = actions.first();
                if (w->renameStep(first, QStringLiteral("renamed_by_fuzzer")).ok())
                    (void)w->removeAction(QStringLiteral("renamed_by_fuzzer"));
                if (!engine::Workflow::parse(w->serialize()))
                    std::abort();
            }
        }
    }

    engine::Result<engine::Connections> c = engine::Connections::parse(bytes);
    if (c) {
        for (const QString& name : c->names())
            (void)c->resolve(name, nullptr);
        if (!engine::Connections::parse(c->serialize()))
            std::abort();
    }
    return 0;
}
