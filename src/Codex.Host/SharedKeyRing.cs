using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codex.Data;
using Codex.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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
    /// <summary>The configured certificate, or null; a bad one throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> with one sentence.</summary>
    public static X509Certificate2? Certificate(IConfiguration config)
    {
        var options = Settings.Read<KeyRingOptions>(config, KeyRingOptions.Section);
        var certificate = options.Load(out var problems);
        if (problems.Count > 0) throw new Microsoft.Extensions.Options.OptionsValidationException(KeyRingOptions.Section, typeof(KeyRingOptions), problems);
        return certificate;
    }

    public static void Use(WebApplicationBuilder builder)
    {
        var certificate = Certificate(builder.Configuration);
        var database = builder.Configuration.GetCodexOptions().Database;
        builder.Services.AddDbContext<KeyRingContext>(o => o.UseCodexDatabase(database));
        var dataProtection = builder.Services.AddDataProtection().PersistKeysToDbContext<KeyRingContext>();
        if (certificate is not null) dataProtection.ProtectKeysWithCertificate(certificate);
    }
}

/// <summary>
/// The key store's view of the Codex database: only <c>data_protection_keys</c>, whose table the Codex migrations create
/// (<see cref="DataProtectionKeyRow"/>, the same columns); the site's container gets this context and nothing else of
/// the data layer.
/// </summary>
public sealed class KeyRingContext(DbContextOptions<KeyRingContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder model) =>
        model.Entity<DataProtectionKey>().ToTable(DataProtectionKeyRow.Table);
}
