using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codex.Data;
using Codex.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Host;

/// <summary>Settings of the site's key ring (section <c>DataProtection</c>).</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// <c>DataProtection__CertificatePath</c>: a PKCS#12 (.pfx) file with a private key; when set, every key is
    /// encrypted with it before it is written to the database, and every site instance needs the same file.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary><c>DataProtection__CertificatePassword</c>: the file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate, or null when none is configured; one sentence per problem otherwise.</summary>
    internal X509Certificate2? Load(out List<string> problems)
    {
        problems = [];
        if (string.IsNullOrWhiteSpace(CertificatePath)) return null;
        const string variable = Section + "__" + nameof(CertificatePath);
        if (!File.Exists(CertificatePath))
        {
            problems.Add($"{variable} is \"{CertificatePath}\", which is not a file; give the path of a .pfx certificate with its private key, or leave it unset to store keys unencrypted.");
            return null;
        }
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
            if (certificate.HasPrivateKey) return certificate;
            problems.Add($"{variable} \"{CertificatePath}\" has no private key; the site could write keys with it but never read them back.");
        }
        catch (CryptographicException e)
        {
            problems.Add($"{variable} \"{CertificatePath}\" could not be read as a .pfx certificate ({e.Message.TrimEnd('.')}); check the file and DataProtection__CertificatePassword.");
        }
        return null;
    }
}

/// <summary>
/// The site's data-protection key ring (antiforgery tokens, flash messages) in the Codex database, through EF Core's key
/// store (ADR 040): every site instance reads and writes the same ring, so a form rendered by one is accepted by
/// another, and a new container keeps what the last one protected. With <c>DataProtection__CertificatePath</c> the
/// keys are encrypted at rest with that certificate. The host wires it because the site itself knows no database.
/// </summary>
public static class SharedKeyRing
{
    public static void Use(WebApplicationBuilder builder)
    {
        var options = Settings.Read<KeyRingOptions>(builder.Configuration, KeyRingOptions.Section);
        var certificate = options.Load(out var problems);
        if (problems.Count > 0) throw new Microsoft.Extensions.Options.OptionsValidationException(KeyRingOptions.Section, typeof(KeyRingOptions), problems);
        builder.Services.AddCodexDatabase(builder.Configuration.GetCodexOptions().Database);
        var dataProtection = builder.Services.AddDataProtection().PersistKeysToDbContext<CodexDbContext>();
        if (certificate is not null) dataProtection.ProtectKeysWithCertificate(certificate);
    }
}
