#include "connectors/smtp/MailAddress.h"

#include <QTest>

using connectors::smtp::MailAddress;

class TestMailAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesGoodAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("smtp");
        QTest::addColumn<bool>("utf8");

        QTest::newRow("bare") << "bob@example.com"
                              << ""
                              << "bob@example.com" << false;
        QTest::newRow("spaces around") << "  bob@example.com\t"
                                       << ""
                                       << "bob@example.com" << false;
        QTest::newRow("angle only") << "<bob@example.com>"
                                    << ""
                                    << "bob@example.com" << false;
        QTest::newRow("name") << "Bob Smith <bob@example.com>"
                              << "Bob Smith"
                              << "bob@example.com" << false;
        QTest::newRow("name no space") << "Bob<bob@example.com>"
                                       << "Bob"
                                       << "bob@example.com" << false;
        QTest::newRow("quoted name with comma") << "\"Doe, Jane\" <jane@example.com>"
                                                << "Doe, Jane"
                                                << "jane@example.com" << false;
        QTest::newRow("quoted name with escapes") << "\"Jane \\\"JD\\\" Doe\" <jane@example.com>"
                                                  << "Jane \"JD\" Doe"
                                                  << "jane@example.com" << false;
        QTest::newRow("name runs of space") << "Bob    Smith   <bob@example.com>"
                                            << "Bob Smith"
                                            << "bob@example.com" << false;
        QTest::newRow("comment as name") << "bob@example.com (Bob Smith)"
                                         << "Bob Smith"
                                         << "bob@example.com" << false;
        QTest::newRow("comment ignored with name") << "Bob (the builder) <bob@example.com>"
                                                   << "Bob"
                                                   << "bob@example.com" << false;
        QTest::newRow("nested comment") << "bob@example.com (a (b) c)"
                                        << "a (b) c"
                                        << "bob@example.com" << false;
        QTest::newRow("plus and dots") << "first.last+tag@sub.example.co.uk"
                                       << ""
                                       << "first.last+tag@sub.example.co.uk" << false;
        QTest::newRow("atext specials") << "!#$%&'*+-/=?^_`{|}~@example.com"
                                        << ""
                                        << "!#$%&'*+-/=?^_`{|}~@example.com" << false;
        QTest::newRow("quoted local with space") << "\"john doe\"@example.com"
                                                 << ""
                                                 << "\"john doe\"@example.com" << false;
        QTest::newRow("quoted local simplifies") << "\"john\"@example.com"
                                                 << ""
                                                 << "john@example.com" << false;
        QTest::newRow("quoted local with at") << "\"a@b\"@example.com"
                                              << ""
                                              << "\"a@b\"@example.com" << false;
        QTest::newRow("localhost") << "root@localhost"
                                   << ""
                                   << "root@localhost" << false;
        QTest::newRow("ipv4 literal") << "bob@[192.0.2.1]"
                                      << ""
                                      << "bob@[192.0.2.1]" << false;
        QTest::newRow("ipv6 literal") << "bob@[IPv6:2001:db8::1]"
                                      << ""
                                      << "bob@[IPv6:2001:db8::1]" << false;
        QTest::newRow("ipv6 literal full") << "bob@[IPv6:2001:db8:0:0:0:0:0:1]"
                                           << ""
                                           << "bob@[IPv6:2001:db8:0:0:0:0:0:1]" << false;
        QTest::newRow("ipv6 literal with ipv4") << "bob@[IPv6:::ffff:192.0.2.1]"
                                                << ""
                                                << "bob@[IPv6:::ffff:192.0.2.1]" << false;
        QTest::newRow("ipv6 literal loopback") << "bob@[IPv6:::1]"
                                               << ""
                                               << "bob@[IPv6:::1]" << false;
        QTest::newRow("idn domain") << "info@bücher.example"
                                    << ""
                                    << "info@xn--bcher-kva.example" << false;
        QTest::newRow("idn cjk domain") << "a@例え.jp"
                                        << ""
                                        << "a@xn--r8jz45g.jp" << false;
        QTest::newRow("utf8 local") << "José <josé@example.com>"
                                    << "José"
                                    << "josé@example.com" << true;
        QTest::newRow("cyrillic local") << "иван@пример.рф"
                                        << ""
                                        << "иван@xn--e1afmkfd.xn--p1ai" << true;
        QTest::newRow("hyphen domain") << "a@my-host.example"
                                       << ""
                                       << "a@my-host.example" << false;
        QTest::newRow("name with at sign") << "\"bob@work\" <bob@example.com>"
                                           << "bob@work"
                                           << "bob@example.com" << false;
        QTest::newRow("unquoted name with dot") << "J. Doe <j@example.com>"
                                                << "J. Doe"
                                                << "j@example.com" << false;
    }
    void parsesGoodAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, display);
        QFETCH(QString, smtp);
        QFETCH(bool, utf8);
        const auto parsed = MailAddress::parse(text, QStringLiteral("To"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->displayName(), display);
        QCOMPARE(parsed->smtpAddress(), smtp);
        QCOMPARE(parsed->needsSmtpUtf8(), utf8);
        QVERIFY(!parsed->isNull());
    }

    void rejectsBadAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");

        QTest::newRow("empty") << ""
                               << "the address is empty";
        QTest::newRow("blank") << "   "
                               << "the address is empty";
        QTest::newRow("no at") << "bob"
                               << "\"bob\" is not an address: the '@' and the domain are missing";
        QTest::newRow("no domain") << "bob@"
                                   << "\"bob@\" is not an address: the domain is missing";
        QTest::newRow("no local")
            << "@example.com"
            << "\"@example.com\" is not an address: the part before '@' is missing";
        QTest::newRow("only at") << "@"
                                 << "the part before '@' and the domain are missing";
        QTest::newRow("space in local") << "bob smith@example.com"
                                        << "a space is not allowed before '@'";
        QTest::newRow("double dot local") << "a..b@example.com"
                                          << "two dots in a row";
        QTest::newRow("leading dot local") << ".a@example.com"
                                           << "starts or ends with a dot";
        QTest::newRow("trailing dot local") << "a.@example.com"
                                            << "starts or ends with a dot";
        QTest::newRow("double dot domain") << "a@example..com"
                                           << "the domain has two dots in a row";
        QTest::newRow("trailing dot domain") << "a@example.com."
                                             << "the domain starts or ends with a dot";
        QTest::newRow("underscore domain") << "a@ex_ample.com"
                                           << "'_' is not allowed in the domain";
        QTest::newRow("hyphen label") << "a@-example.com"
                                      << "starts or ends with '-'";
        QTest::newRow("long label") << "a@" + QString(64, QLatin1Char('x')) + ".com"
                                    << "longer than 63 characters";
        QTest::newRow("long local") << QString(65, QLatin1Char('x')) + "@example.com"
                                    << "longer than 64 octets";
        QTest::newRow("bare ip") << "a@192.0.2.1"
                                 << "must be written in brackets";
        QTest::newRow("bad literal") << "a@[300.1.1.1]"
                                     << "is not an IPv4 address";
        QTest::newRow("bad ipv6") << "a@[IPv6:zz::1]"
                                  << "is not an IPv6 address";
        QTest::newRow("ipv4 three parts") << "a@[192.0.2]"
                                          << "is not an IPv4 address";
        QTest::newRow("ipv4 five parts") << "a@[192.0.2.1.5]"
                                         << "is not an IPv4 address";
        QTest::newRow("ipv4 long part") << "a@[192.0.2.0001]"
                                        << "is not an IPv4 address";
        QTest::newRow("ipv6 two gaps") << "a@[IPv6:1::2::3]"
                                       << "is not an IPv6 address";
        QTest::newRow("ipv6 nine groups") << "a@[IPv6:1:2:3:4:5:6:7:8:9]"
                                          << "is not an IPv6 address";
        QTest::newRow("ipv6 seven groups") << "a@[IPv6:1:2:3:4:5:6:7]"
                                           << "is not an IPv6 address";
        QTest::newRow("ipv6 long group") << "a@[IPv6:12345::1]"
                                         << "is not an IPv6 address";
        QTest::newRow("ipv6 bad ipv4 tail") << "a@[IPv6:::ffff:300.0.2.1]"
                                            << "is not an IPv6 address";
        QTest::newRow("ipv6 without prefix") << "a@[2001:db8::1]"
                                             << "is not an IPv4 address";
        QTest::newRow("open literal") << "a@[1.2.3.4"
                                      << "has no closing ']'";
        QTest::newRow("two at") << "a@b@example.com"
                                << "'@' is not allowed before '@'";
        QTest::newRow("unclosed angle") << "Bob <bob@example.com"
                                        << "'<' has no matching '>'";
        QTest::newRow("stray gt") << "bob@example.com>"
                                  << "'>' has no matching '<'";
        QTest::newRow("two angles") << "<a@b.com> <c@d.com>"
                                    << "more than one '<'";
        QTest::newRow("text after gt") << "<a@b.com> trailing"
                                       << "there is text after '>'";
        QTest::newRow("empty angle") << "Bob <>"
                                     << "there is no address between '<' and '>'";
        QTest::newRow("unclosed quote") << "\"Bob <bob@example.com>"
                                        << "a quote (\") is not closed";
        QTest::newRow("unclosed comment") << "bob@example.com (Bob"
                                          << "comment '(' is not closed";
        QTest::newRow("stray paren") << "bob@example.com)"
                                     << "')' has no matching '('";
        QTest::newRow("cr") << "bob@example.com\r"
                            << "line break";
        QTest::newRow("lf in name") << "Bob\nBcc: x@y.com <bob@example.com>"
                                    << "line break";
        QTest::newRow("crlf injection") << "bob@example.com\r\nBcc: victim@example.com"
                                        << "line break";
        QTest::newRow("nul") << QStringLiteral("bob@exa") + QChar(0) + "mple.com"
                             << "NUL";
        QTest::newRow("tab in local") << "a\tb@example.com"
                                      << "a tab is not allowed";
        QTest::newRow("control char") << QStringLiteral("a") + QChar(0x7) + "b@example.com"
                                      << "control character (U+0007)";
        QTest::newRow("comma in bare local") << "a,b@example.com"
                                             << "',' is not allowed before '@'";
        QTest::newRow("quoted then text") << "\"a\"b@example.com"
                                          << "must be the whole local part";
        QTest::newRow("bad idn") << "a@xn--a.example"
                                 << "is not a valid A-label";
        QTest::newRow("space in domain") << "a@exa mple.com"
                                         << "a space is not allowed in the domain";
    }
    void rejectsBadAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const auto parsed = MailAddress::parse(text, QStringLiteral("From"));
        QVERIFY2(!parsed.ok(), qPrintable(text));
        QCOMPARE(parsed.error().field, QStringLiteral("From"));
        QCOMPARE(parsed.error().code, 400);
        QVERIFY2(parsed.error().message.contains(reason), qPrintable(parsed.error().message));
    }

    void exactMessageForMissingDomain()
    {
        const auto parsed = MailAddress::parse(QStringLiteral("bob@"), QStringLiteral("To"));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().toString(),
                 QStringLiteral("To: \"bob@\" is not an address: the domain is missing"));
    }

    void splitsLists_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("smtp");
        QTest::addColumn<QStringList>("names");

        QTest::newRow("semicolons")
            << "a@x.com;b@y.com" << QStringList{"a@x.com", "b@y.com"} << QStringList{"", ""};
        QTest::newRow("commas and spaces")
            << " a@x.com , b@y.com ,c@z.com " << QStringList{"a@x.com", "b@y.com", "c@z.com"}
            << QStringList{"", "", ""};
        QTest::newRow("mixed separators")
            << "a@x.com; b@y.com, c@z.com" << QStringList{"a@x.com", "b@y.com", "c@z.com"}
            << QStringList{"", "", ""};
        QTest::newRow("empty items skipped")
            << ";a@x.com;;b@y.com;" << QStringList{"a@x.com", "b@y.com"} << QStringList{"", ""};
        QTest::newRow("quoted comma")
            << "\"Doe, Jane\" <jane@x.com>; \"Roe; Rich\" <r@y.com>"
            << QStringList{"jane@x.com", "r@y.com"} << QStringList{"Doe, Jane", "Roe; Rich"};
        QTest::newRow("comment comma")
            << "a@x.com (Smith, A), b@y.com" << QStringList{"a@x.com", "b@y.com"}
            << QStringList{"Smith, A", ""};
        QTest::newRow("quoted local comma")
            << "\"a,b\"@x.com, c@y.com" << QStringList{"\"a,b\"@x.com", "c@y.com"}
            << QStringList{"", ""};
        QTest::newRow("empty") << "" << QStringList{} << QStringList{};
        QTest::newRow("only separators") << " ; , ; " << QStringList{} << QStringList{};
    }
    void splitsLists()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, smtp);
        QFETCH(QStringList, names);
        const auto list = MailAddress::parseList(text, QStringLiteral("CC"));
        QVERIFY2(list.ok(), qPrintable(list.ok() ? QString() : list.error().toString()));
        QStringList gotSmtp;
        QStringList gotNames;
        for (const MailAddress& a : *list) {
            gotSmtp << a.smtpAddress();
            gotNames << a.displayName();
        }
        QCOMPARE(gotSmtp, smtp);
        QCOMPARE(gotNames, names);
    }

    void listErrorNamesFieldAndItem()
    {
        const auto list = MailAddress::parseList(QStringLiteral("a@x.com; Doe, Jane <j@x.com>"),
                                                 QStringLiteral("BCC"));
        QVERIFY(!list.ok());
        QCOMPARE(list.error().field, QStringLiteral("BCC"));
        QVERIFY2(list.error().message.startsWith(QStringLiteral("\"Doe\" is not an address")),
                 qPrintable(list.error().message));
        const auto injected =
            MailAddress::parseList(QStringLiteral("a@x.com\r\nBcc: b@y.com"), QStringLiteral("To"));
        QVERIFY(!injected.ok());
        QVERIFY(injected.error().message.contains(QStringLiteral("line break")));
    }

    void keepsDomainAsTypedAndAscii()
    {
        const auto a = MailAddress::parse(QStringLiteral("Ünïcode <post@Bücher.Example>"));
        QVERIFY(a.ok());
        QCOMPARE(a->domain(), QStringLiteral("Bücher.Example"));
        QCOMPARE(a->asciiDomain(), QStringLiteral("xn--bcher-kva.example"));
        QCOMPARE(a->address(), QStringLiteral("post@Bücher.Example"));
        QCOMPARE(a->toString(), QStringLiteral("Ünïcode <post@Bücher.Example>"));
        const auto plain = MailAddress::parse(QStringLiteral("Bob Smith <bob@Example.COM>"));
        QCOMPARE(plain->asciiDomain(), QStringLiteral("Example.COM"));
        QCOMPARE(plain->toString(), QStringLiteral("Bob Smith <bob@Example.COM>"));
        const auto quoted = MailAddress::parse(QStringLiteral("\"Doe, Jane\" <j@x.com>"));
        QCOMPARE(quoted->toString(), QStringLiteral("\"Doe, Jane\" <j@x.com>"));
    }
};

QTEST_GUILESS_MAIN(TestMailAddress)
#include "tst_mailaddress.moc"
