using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;

namespace Codex.Tests.Web.Account;

/// <summary>People for the account pages: a real password (so the forms that ask for it pass), and a browser signed in as them.</summary>
public sealed class AccountPeople(SystemFixture fixture)
{
    public const string Password = "correct-horse-1";

    private static readonly Lazy<string> PasswordHash = new(() =>
        PasswordHashing.CreateHasher().HashPassword(new User { Email = "", Name = "", PasswordHash = "" }, Password));

    public TestData Data { get; } = new(fixture);

    /// <summary>A verified person with <see cref="Password"/>, and a site browser holding one of their sessions.</summary>
    public async Task<(User User, SiteBrowser Browser)> SignedInAsync(string name = "Account Person", string? username = null)
    {
        var user = await Data.UserAsync(name);
        await using (var db = fixture.Db())
        {
            db.Attach(user);
            user.PasswordHash = PasswordHash.Value;
            user.Username = username;
            await db.SaveChangesAsync();
        }
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await Data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return (user, browser);
    }

    public static string Handle(string prefix = "p") => prefix + "_" + Guid.NewGuid().ToString("N")[..12];
}
