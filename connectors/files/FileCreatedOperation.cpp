#include "connectors/files/FileCreatedOperation.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace connectors::files {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::files::FileCreatedOperation", text);
}

engine::PropertySchema prop(const QString& key, const QString& name, engine::PropertyType type,
                            const QString& description, bool required = false,
                            bool advanced = false)
{
    engine::PropertySchema p;
    p.key = key;
    p.displayName = name;
    p.type = type;
    p.description = description;
    p.required = required;
    p.advanced = advanced;
    return p;
}

engine::OutputSchema output(const QString& key, const QString& name, const QString& type,
                            const QString& description)
{
    engine::OutputSchema o;
    o.key = key;
    o.displayName = name;
    o.type = type;
    o.description = description;
    o.expression = QStringLiteral("triggerBody()?['") + key + QStringLiteral("']");
    return o;
}

} // namespace

engine::Operation FileCreatedOperation::create()
{
    using engine::PropertyType;
    engine::Operation op;
    op.id = id();
    op.connector = QStringLiteral("files");
    op.connectorDisplayName = tr("Files");
    op.displayName = tr("When a file is created");
    op.description = tr("Starts a run for each new file in a folder on this computer.");
    op.icon = QStringLiteral(":/icons/file.svg");
    op.color = QStringLiteral("#e8a317");
    op.kind = engine::OperationKind::Trigger;
    op.keywords = {QStringLiteral("file"), QStringLiteral("folder"), QStringLiteral("directory"),
                   QStringLiteral("new file"), QStringLiteral("watch")};

    engine::PropertySchema folder = prop(QStringLiteral("FolderPath"), tr("Folder"),
                                         PropertyType::String, tr("The folder to watch."), true);
    folder.placeholder = QStringLiteral("/home/me/incoming");
    engine::PropertySchema filter =
        prop(QStringLiteral("Filter"), tr("File name pattern"), PropertyType::String,
             tr("Only files whose name matches, like *.csv; every file when empty."));
    filter.placeholder = QStringLiteral("*");
    engine::PropertySchema subfolders =
        prop(QStringLiteral("IncludeSubfolders"), tr("Include subfolders"), PropertyType::Boolean,
             tr("Also watch the folders inside it."), false, true);
    subfolders.defaultValue = false;
    engine::PropertySchema frequency =
        prop(QStringLiteral("Frequency"), tr("Check every (unit)"), PropertyType::Enum,
             tr("The unit of the polling interval."), false, true);
    frequency.enumValues = {QStringLiteral("Second"), QStringLiteral("Minute"),
                            QStringLiteral("Hour")};
    frequency.defaultValue = QStringLiteral("Second");
    engine::PropertySchema interval =
        prop(QStringLiteral("Interval"), tr("Check every"), PropertyType::Integer,
             tr("How many units between two checks of the folder."), false, true);
    interval.defaultValue = 10;
    op.properties = {folder, filter, subfolders, frequency, interval};

    op.outputs = {
        output(QStringLiteral("path"), tr("File path"), QStringLiteral("string"),
               tr("The full path of the new file.")),
        output(QStringLiteral("name"), tr("File name"), QStringLiteral("string"),
               tr("The name of the new file.")),
        output(QStringLiteral("size"), tr("File size"), QStringLiteral("integer"),
               tr("The size in bytes.")),
        output(QStringLiteral("lastModified"), tr("Last modified"), QStringLiteral("string"),
               tr("When the file was last written (ISO 8601).")),
    };

    engine::WdlShape shape;
    shape.name = type();
    shape.type = type();
    shape.propertyPaths = {
        {QStringLiteral("FolderPath"), {QStringLiteral("inputs"), QStringLiteral("folderPath")}},
        {QStringLiteral("Filter"), {QStringLiteral("inputs"), QStringLiteral("filter")}},
        {QStringLiteral("IncludeSubfolders"),
         {QStringLiteral("inputs"), QStringLiteral("includeSubfolders")}},
        {QStringLiteral("Frequency"), {QStringLiteral("recurrence"), QStringLiteral("frequency")}},
        {QStringLiteral("Interval"), {QStringLiteral("recurrence"), QStringLiteral("interval")}},
    };
    op.shapes = {shape};
    op.newStep = [] {
        return QJsonObject{
            {QStringLiteral("type"), type()},
            {QStringLiteral("inputs"),
             QJsonObject{{QStringLiteral("folderPath"), QString()},
                         {QStringLiteral("filter"), QStringLiteral("*")}}},
            {QStringLiteral("recurrence"),
             QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Second")},
                         {QStringLiteral("interval"), 10}}},
        };
    };
    return op;
}

} // namespace connectors::files
