#pragma once

#include "designer/forms/FormContext.h"
#include "engine/catalogue/Operation.h"

#include <QHash>
#include <QJsonValue>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace designer {

// One property's editor in a generated form: its title (marked * when
// required), the widget for its type and the problem shown under it.
// Subclasses exist per kind of value; create() picks one from the schema.
class FieldEditor : public QWidget
{
    Q_OBJECT
public:
    FieldEditor(const engine::PropertySchema& schema, QWidget* parent = nullptr);
    ~FieldEditor() override;

    static FieldEditor* create(const engine::PropertySchema& schema, const FormContext& context,
                               QWidget* parent = nullptr);

    const engine::PropertySchema& schema() const { return m_schema; }
    QString key() const { return m_schema.key; }

    // The value as stored; undefined when the field is empty.
    virtual QJsonValue value() const = 0;
    // Shows a value from the document (emits nothing).
    virtual void setValue(const QJsonValue& value) = 0;
    // Focuses the field, or the part `subField` names ("[0].FileName").
    virtual bool focusSubField(const QString& subField);
    // Problems by part: "" for the field itself, "[1].ContentData" inside it.
    virtual void setProblems(const QHash<QString, QStringList>& bySubField);

    // What is shown under the field now, empty when nothing.
    QString shownError() const;

Q_SIGNALS:
    // The person changed the value.
    void edited();

protected:
    // The widget that takes the value; placed between the title and the error.
    void setContent(QWidget* content, QWidget* focusTarget = nullptr);
    void setSyntaxError(const QString& error);
    QLabel* titleLabel() const { return m_title; }
    QWidget* focusTarget() const { return m_focusTarget; }

private:
    void updateError();

    engine::PropertySchema m_schema;
    QVBoxLayout* m_layout = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_error = nullptr;
    QWidget* m_focusTarget = nullptr;
    QString m_syntaxError;
    QStringList m_problems;
};

} // namespace designer
