#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace engine {
class SecretStore;
}

namespace designer {

class ConnectionTestView;
class ProjectConnections;

// Creates or changes an SMTP connection: name, server, port, TLS mode (none,
// STARTTLS, implicit; the port follows 25/587/465 until set by hand), user,
// password, AUTH mechanism and certificate trust ("accept any certificate"
// marked as the risk it is). The password goes to the secret store (the OS
// keychain in the program, injectable for tests); connections.json gets
// only an @appsetting('...') reference. "Test connection" runs the
// connector's test in the background and shows it live.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    enum class TlsMode
    {
        None,
        StartTls,
        Implicit
    };
    enum class Trust
    {
        System,
        CaFile,
        Pin,
        AcceptAny
    };

    ConnectionDialog(ProjectConnections* connections, engine::SecretStore* secrets,
                     const QString& connector, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    // Shows an existing connection for editing (its password stays unless
    // a new one is typed).
    void load(const QString& name);
    // The connection's name after accept().
    QString connectionName() const;

    // Parameters as they are written to connections.json (password as a reference).
    QJsonObject parameterValues() const;
    // The same with the typed password, for the connection test only.
    QJsonObject testParameters() const;
    // The app setting the password is kept under: "<name>_password".
    static QString passwordSetting(const QString& connectionName);
    static int defaultPort(TlsMode mode);

    // Checks, stores the password, writes the connection; stays open and
    // shows the problem when something is wrong.
    void accept() override;
    void reject() override;

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* serverEdit() const { return m_server; }
    QSpinBox* portSpin() const { return m_port; }
    QComboBox* tlsCombo() const { return m_tls; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }
    QComboBox* authCombo() const { return m_auth; }
    QComboBox* trustCombo() const { return m_trust; }
    QLineEdit* trustValueEdit() const { return m_trustValue; }
    QPushButton* testButton() const { return m_testButton; }
    ConnectionTestView* testView() const { return m_testView; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* insecureWarning() const { return m_insecure; }

private:
    void onTlsChanged();
    void onTrustChanged();
    void runTest();
    QString problem(QWidget** field) const;

    ProjectConnections* m_connections;
    engine::SecretStore* m_secrets;
    QString m_connector;
    QString m_loadedName;
    QString m_existingPasswordRef; // the reference an edited connection had
    QString m_savedName;
    int m_lastDefaultPort = 587;

    QLineEdit* m_name = nullptr;
    QLineEdit* m_server = nullptr;
    QSpinBox* m_port = nullptr;
    QComboBox* m_tls = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QComboBox* m_auth = nullptr;
    QComboBox* m_trust = nullptr;
    QLineEdit* m_trustValue = nullptr;
    QLabel* m_insecure = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_testButton = nullptr;
    ConnectionTestView* m_testView = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace designer
