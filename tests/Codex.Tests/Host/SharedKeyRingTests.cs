using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codex.Tests.Host;

/// <summary>
/// Issue 17 (ADR 040): the site's data-protection keys live in the database, where every site instance reads the same
/// ring, and are encrypted with a certificate when <c>DataProtection__CertificatePath</c> names one.
/// </summary>
public sealed class SharedKeyRingTests(PlainKeyRingFixture plain) : IClassFixture<PlainKeyRingFixture>
{
    [Fact]
    public async Task TheKeyRing_IsInTheDatabase_NotInTheDataFolder()
    {
        var browser = new SiteBrowser(plain.System.SiteUrl);
        var page = await browser.PageAsync("/login");

        // The token of the rendered form is accepted: a wrong password is the form's own refusal (422), not a 400.
        var response = await browser.SubmitAsync(page, $"#{DomIds.LoginForm}", new() { ["Email"] = "nobody@example.test", ["Password"] = "wrong-password" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await using var db = plain.Db();
        var keys = await db.DataProtectionKeys.ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("<masterKey", k.Xml));
        Assert.False(Directory.Exists(Path.Combine(plain.DataPath, "keys")), "keys were written to the data folder");
    }

    [Fact]
    public async Task ACertificateThatIsNotThere_StopsTheStart_WithOneSentence()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".pfx"),
                ["ConnectionStrings:Codex"] = TestDatabase.Unreachable(Path.GetTempPath()),
            },
        }));

        Assert.StartsWith("DataProtection__CertificatePath is ", Assert.Single(failure.Failures));
    }
}

/// <summary>Issue 17 (ADR 040): with a certificate, no key is stored in the clear.</summary>
public sealed class EncryptedKeyRingTests(EncryptedKeyRingFixture encrypted) : IClassFixture<EncryptedKeyRingFixture>
{
    [Fact]
    public async Task WithACertificate_TheKeysInTheDatabase_AreEncrypted_AndStillProtectForms()
    {
        var browser = new SiteBrowser(encrypted.System.SiteUrl);
        var page = await browser.PageAsync("/login");

        var response = await browser.SubmitAsync(page, $"#{DomIds.LoginForm}", new() { ["Email"] = "nobody@example.test", ["Password"] = "wrong-password" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await using var db = encrypted.Db();
        var keys = await db.DataProtectionKeys.ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Contains("<encryptedSecret", k.Xml);
            Assert.DoesNotContain("<masterKey", k.Xml);
        });
    }
}

public sealed class PlainKeyRingFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.Site];
}

public sealed class EncryptedKeyRingFixture : SystemFixture
{
    private const string Password = "a test password";
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), "codex-tests", "keyring-" + Guid.NewGuid().ToString("N") + ".pfx");

    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.Site];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = _certificate,
        ["DataProtection:CertificatePassword"] = Password,
    };

    public override async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=codex key ring (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(Path.GetDirectoryName(_certificate)!);
        await File.WriteAllBytesAsync(_certificate, certificate.Export(X509ContentType.Pfx, Password));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificate);
    }
}
