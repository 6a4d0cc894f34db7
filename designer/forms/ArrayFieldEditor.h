#pragma once

#include "designer/forms/FieldEditor.h"

#include <QList>
#include <functional>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace designer {

// A list of items (attachments) as one small sub-form per item, generated
// from the item properties; items are added from a file (content as base64,
// file name, content type from QMimeDatabase) or typed in. A list given as
// one expression is kept and shown as such.
class ArrayFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    ArrayFieldEditor(const engine::PropertySchema& schema, const FormContext& context,
                     QWidget* parent = nullptr);
    ~ArrayFieldEditor() override;

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;
    bool focusSubField(const QString& subField) override;
    void setProblems(const QHash<QString, QStringList>& bySubField) override;

    int itemCount() const { return m_items.size(); }
    // The editor of one item's property, null when there is none.
    FieldEditor* itemEditor(int index, const QString& key) const;
    // Adds one item read from `path`; false (and the reason shown) when unreadable.
    bool addFile(const QString& path);
    void addItem();
    void removeItem(int index);

    QPushButton* addFileButton() const { return m_addFile; }
    QPushButton* addItemButton() const { return m_addItem; }

    // How "Add from file…" asks for files; tests replace the dialog.
    using FileChooser = std::function<QStringList(QWidget* parent)>;
    static void setFileChooser(FileChooser chooser);

private:
    struct Item
    {
        QWidget* frame = nullptr;
        QLabel* caption = nullptr;
        QList<FieldEditor*> editors;
    };

    Item& appendItem();
    void renumber();
    QString itemKey(engine::PropertyType type) const; // first item property of a type
    QString itemKeyNamed(const QString& name) const;

    FormContext m_context;
    QWidget* m_itemsBox = nullptr;
    QVBoxLayout* m_itemsLayout = nullptr;
    QLabel* m_expression = nullptr; // the list is one expression
    QPushButton* m_addFile = nullptr;
    QPushButton* m_addItem = nullptr;
    QList<Item> m_items;
    QJsonValue m_expressionValue;
};

} // namespace designer
