#include "designer/forms/ArrayFieldEditor.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMimeDatabase>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

namespace designer {
namespace {

ArrayFieldEditor::FileChooser& fileChooser()
{
    static ArrayFieldEditor::FileChooser chooser = [](QWidget* parent) {
        return QFileDialog::getOpenFileNames(parent, ArrayFieldEditor::tr("Attach files"));
    };
    return chooser;
}

} // namespace

void ArrayFieldEditor::setFileChooser(FileChooser chooser)
{
    fileChooser() = std::move(chooser);
}

ArrayFieldEditor::ArrayFieldEditor(const engine::PropertySchema& schema, const FormContext& context,
                                   QWidget* parent)
    : FieldEditor(schema, parent), m_context(context)
{
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(6);
    m_itemsBox = new QWidget(box);
    m_itemsLayout = new QVBoxLayout(m_itemsBox);
    m_itemsLayout->setContentsMargins(0, 0, 0, 0);
    m_itemsLayout->setSpacing(6);
    column->addWidget(m_itemsBox);
    m_expression = new QLabel(box);
    m_expression->setWordWrap(true);
    m_expression->hide();
    column->addWidget(m_expression);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    const bool hasContent = !itemKey(engine::PropertyType::Base64).isEmpty();
    m_addFile = new QPushButton(tr("Add from file…"), box);
    m_addFile->setObjectName(QStringLiteral("addFromFileButton"));
    m_addFile->setVisible(hasContent);
    m_addItem = new QPushButton(hasContent ? tr("Add typed in") : tr("Add item"), box);
    m_addItem->setObjectName(QStringLiteral("addItemButton"));
    buttons->addWidget(m_addFile);
    buttons->addWidget(m_addItem);
    buttons->addStretch(1);
    column->addLayout(buttons);
    setContent(box, m_addFile->isVisible() ? m_addFile : m_addItem);

    connect(m_addFile, &QPushButton::clicked, this, [this] {
        for (const QString& path : fileChooser()(this))
            addFile(path);
    });
    connect(m_addItem, &QPushButton::clicked, this, &ArrayFieldEditor::addItem);
}

ArrayFieldEditor::~ArrayFieldEditor() = default;

QString ArrayFieldEditor::itemKey(engine::PropertyType type) const
{
    for (const engine::PropertySchema& p : schema().itemProperties) {
        if (p.type == type)
            return p.key;
    }
    return {};
}

QString ArrayFieldEditor::itemKeyNamed(const QString& name) const
{
    for (const engine::PropertySchema& p : schema().itemProperties) {
        if (p.key.compare(name, Qt::CaseInsensitive) == 0)
            return p.key;
    }
    return {};
}

ArrayFieldEditor::Item& ArrayFieldEditor::appendItem()
{
    Item item;
    auto* frame = new QFrame(m_itemsBox);
    frame->setObjectName(QStringLiteral("arrayItem"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto* column = new QVBoxLayout(frame);
    column->setContentsMargins(8, 6, 8, 8);
    column->setSpacing(6);
    auto* header = new QHBoxLayout;
    item.caption = new QLabel(frame);
    QFont bold = item.caption->font();
    bold.setWeight(QFont::DemiBold);
    item.caption->setFont(bold);
    auto* remove = new QToolButton(frame);
    remove->setObjectName(QStringLiteral("removeItemButton"));
    remove->setText(QStringLiteral("✕"));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove this item"));
    header->addWidget(item.caption, 1);
    header->addWidget(remove);
    column->addLayout(header);
    for (const engine::PropertySchema& p : schema().itemProperties) {
        FieldEditor* editor = FieldEditor::create(p, m_context, frame);
        column->addWidget(editor);
        connect(editor, &FieldEditor::edited, this, &FieldEditor::edited);
        item.editors.append(editor);
    }
    item.frame = frame;
    m_itemsLayout->addWidget(frame);
    connect(remove, &QToolButton::clicked, this, [this, frame] {
        for (int i = 0; i < m_items.size(); ++i) {
            if (m_items[i].frame == frame) {
                removeItem(i);
                return;
            }
        }
    });
    m_items.append(item);
    renumber();
    return m_items.last();
}

void ArrayFieldEditor::renumber()
{
    const QString singular = schema().displayName.isEmpty() ? schema().key : schema().displayName;
    for (int i = 0; i < m_items.size(); ++i)
        m_items[i].caption->setText(tr("%1 %2").arg(singular).arg(i + 1));
}

void ArrayFieldEditor::addItem()
{
    m_expressionValue = QJsonValue(QJsonValue::Undefined);
    m_expression->hide();
    Item& item = appendItem();
    if (!item.editors.isEmpty())
        item.editors.first()->focusSubField(QString());
    Q_EMIT edited();
}

bool ArrayFieldEditor::addFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setSyntaxError(tr("Could not read “%1”: %2").arg(path, file.errorString()));
        return false;
    }
    setSyntaxError(QString());
    const QByteArray data = file.readAll();
    const QFileInfo info(path);
    const QString contentType = QMimeDatabase().mimeTypeForFile(info).name();
    m_expressionValue = QJsonValue(QJsonValue::Undefined);
    m_expression->hide();
    Item& item = appendItem();
    const QString dataKey = itemKey(engine::PropertyType::Base64);
    const QString nameKey = itemKeyNamed(QStringLiteral("FileName"));
    const QString typeKey = itemKeyNamed(QStringLiteral("ContentType"));
    for (FieldEditor* editor : item.editors) {
        if (editor->key() == dataKey)
            editor->setValue(QString::fromLatin1(data.toBase64()));
        else if (editor->key() == nameKey)
            editor->setValue(info.fileName());
        else if (editor->key() == typeKey)
            editor->setValue(contentType);
    }
    Q_EMIT edited();
    return true;
}

void ArrayFieldEditor::removeItem(int index)
{
    if (index < 0 || index >= m_items.size())
        return;
    Item item = m_items.takeAt(index);
    item.frame->hide();
    item.frame->deleteLater();
    renumber();
    Q_EMIT edited();
}

FieldEditor* ArrayFieldEditor::itemEditor(int index, const QString& key) const
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    for (FieldEditor* editor : m_items[index].editors) {
        if (editor->key().compare(key, Qt::CaseInsensitive) == 0)
            return editor;
    }
    return nullptr;
}

QJsonValue ArrayFieldEditor::value() const
{
    if (!m_expressionValue.isUndefined())
        return m_expressionValue;
    if (m_items.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    QJsonArray array;
    for (const Item& item : m_items) {
        QJsonObject object;
        for (const FieldEditor* editor : item.editors) {
            const QJsonValue v = editor->value();
            if (!v.isUndefined())
                object.insert(editor->key(), v);
        }
        array.append(object);
    }
    return array;
}

void ArrayFieldEditor::setValue(const QJsonValue& value)
{
    if (!value.isArray() && !value.isUndefined() && !value.isNull()) {
        // One expression yields the whole list; shown, kept, not itemised.
        while (!m_items.isEmpty()) {
            Item item = m_items.takeLast();
            delete item.frame;
        }
        m_expressionValue = value;
        m_expression->setText(tr("Set by an expression: %1")
                                  .arg(value.isString() ? value.toString() : tr("(not a list)")));
        m_expression->show();
        return;
    }
    m_expressionValue = QJsonValue(QJsonValue::Undefined);
    m_expression->hide();
    const QJsonArray array = value.toArray();
    while (m_items.size() > array.size()) {
        Item item = m_items.takeLast();
        delete item.frame;
    }
    while (m_items.size() < array.size())
        appendItem();
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        for (FieldEditor* editor : m_items[i].editors) {
            QJsonValue v(QJsonValue::Undefined);
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (it.key().compare(editor->key(), Qt::CaseInsensitive) == 0)
                    v = it.value();
            }
            if (editor->value() != v)
                editor->setValue(v);
        }
    }
}

bool ArrayFieldEditor::focusSubField(const QString& subField)
{
    static const QRegularExpression item(QStringLiteral("^\\[(\\d+)\\]\\.?(.*)$"));
    const auto match = item.match(subField);
    if (match.hasMatch()) {
        const int index = match.captured(1).toInt();
        const QString key = match.captured(2);
        if (index < m_items.size()) {
            for (FieldEditor* editor : m_items[index].editors) {
                if (key.isEmpty() || editor->key().compare(key, Qt::CaseInsensitive) == 0)
                    return editor->focusSubField(QString());
            }
        }
    }
    return FieldEditor::focusSubField(subField);
}

void ArrayFieldEditor::setProblems(const QHash<QString, QStringList>& bySubField)
{
    static const QRegularExpression item(QStringLiteral("^\\[(\\d+)\\]\\.?(.*)$"));
    QHash<QString, QStringList> own;
    QHash<FieldEditor*, QStringList> perEditor;
    for (auto it = bySubField.begin(); it != bySubField.end(); ++it) {
        const auto match = item.match(it.key());
        FieldEditor* target = nullptr;
        if (match.hasMatch())
            target = itemEditor(match.captured(1).toInt(), match.captured(2));
        if (target)
            perEditor[target] += it.value();
        else
            own[QString()] += it.value();
    }
    for (const Item& i : m_items) {
        for (FieldEditor* editor : i.editors)
            editor->setProblems({{QString(), perEditor.value(editor)}});
    }
    FieldEditor::setProblems(own);
}

} // namespace designer
