#pragma once

#include "designer/forms/FormContext.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QWidget>

class QCheckBox;
class QPlainTextEdit;
class QToolButton;
class QVBoxLayout;

namespace engine {
struct Operation;
struct PropertySchema;
} // namespace engine

namespace designer {

class FieldEditor;
class WorkflowDocument;

// The form of one step, generated from its operation's property schema:
// fields in the order the result reads (for Send email: connection, From,
// To, CC, BCC, Subject, Body, Importance, attachments), advanced ones folded
// away. Every edit goes through WorkflowDocument::setProperty; when the
// document changes underneath (undo), the fields follow. Problems (missing
// required value, invalid address, bad base64, unknown connection,
// expression syntax) show under the field as it is typed. Steps of unknown
// operations show their JSON, read-only.
class StepForm : public QWidget
{
    Q_OBJECT
public:
    StepForm(WorkflowDocument* document, const QString& step, const FormContext& context,
             QWidget* parent = nullptr);
    ~StepForm() override;

    QString step() const { return m_step; }
    const engine::Operation* operation() const { return m_operation; }
    bool isGenerated() const { return m_operation != nullptr; }

    // The editor of a canonical property, null when the form has none.
    FieldEditor* editor(const QString& key) const;
    // Keys in the order shown (advanced ones last).
    QStringList fieldOrder() const;
    // Focuses a field ("To", "Attachments[0].FileName"), unfolding "Advanced"
    // when it is there. False when the form has no such field.
    bool focusField(const QString& field);
    // What is shown under a field, empty when nothing.
    QString fieldError(const QString& key) const;
    QToolButton* advancedButton() const { return m_advancedButton; }
    QWidget* advancedBox() const { return m_advancedBox; }

    // Values from the document (after undo, or another view's edit).
    void reload();
    // Re-checks every field (e.g. after connections changed).
    void revalidate();
    // The connection editor re-reads the connections.
    void reloadConnections();

Q_SIGNALS:
    void newConnectionRequested(const QString& connector);
    void editConnectionRequested(const QString& connector, const QString& name);

private:
    void build();
    void buildUnknown();
    void write(FieldEditor* editor);
    QList<const engine::PropertySchema*> orderedProperties() const;

    WorkflowDocument* m_document;
    QString m_step;
    FormContext m_context;
    const engine::Operation* m_operation = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QList<FieldEditor*> m_editors;
    QToolButton* m_advancedButton = nullptr;
    QWidget* m_advancedBox = nullptr;
    QPlainTextEdit* m_json = nullptr;
    // Body's HTML switch, bound to the boolean property it stands for.
    QCheckBox* m_htmlToggle = nullptr;
    QString m_htmlKey;
    bool m_updating = false;
};

} // namespace designer
