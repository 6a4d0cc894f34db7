#pragma once

#include "designer/forms/FieldEditor.h"

class QComboBox;
class QToolButton;

namespace designer {

// The connection a step uses, picked from connections.json, with buttons to
// create a new one or edit the chosen one (the form opens the dialog).
class ConnectionFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    ConnectionFieldEditor(const engine::PropertySchema& schema, const FormContext& context,
                          QWidget* parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;
    // Re-reads the connections (after one was created or edited).
    void reload();

    QComboBox* comboBox() const { return m_combo; }
    QToolButton* newButton() const { return m_new; }
    QToolButton* editButton() const { return m_edit; }

Q_SIGNALS:
    void newConnectionRequested();
    void editConnectionRequested(const QString& name);

private:
    FormContext m_context;
    QComboBox* m_combo = nullptr;
    QToolButton* m_new = nullptr;
    QToolButton* m_edit = nullptr;
    QString m_value;
};

} // namespace designer
