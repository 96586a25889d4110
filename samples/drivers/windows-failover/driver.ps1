#Requires -Version 7
# patchwarden Exec driver for Windows Server failover clusters (see README.md).
# Runs on a management host with the FailoverClusters module and WinRM access to the nodes.
# Reads the request JSON on stdin and prints one JSON document on stdout; anything else goes to
# stderr, which patchwarden logs. Exit code 0 is success.
param(
    [Parameter(Mandatory)] [string] $Operation,
    [string] $Node = '',
    [string] $Fqdn = '',
    [Parameter(Mandatory)] [string] $Cluster,
    [int] $RebootTimeoutSeconds = 1800
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module FailoverClusters

$requestText = [Console]::In.ReadToEnd()
$request = if ($requestText.Trim()) { $requestText | ConvertFrom-Json -AsHashtable } else { @{} }
$target = if ($Fqdn) { $Fqdn } else { $Node }

function Write-Reply($value) {
    [Console]::Out.WriteLine(($value | ConvertTo-Json -Depth 8 -Compress))
}

function Write-Log([string] $text) { [Console]::Error.WriteLine($text) }

# The Windows Update Agent work, run on the node. Searching works in a WinRM session, but WUA
# refuses to download or install there (0x80070005), so those run as SYSTEM in a scheduled task
# whose JSON result is read back, as Cluster-Aware Updating does.
$wuaScript = {
    param([string] $Mode, [string] $Criteria, [string[]] $UpdateIds, [string] $ProxyServer,
          [string] $ProxyBypass)
    $session = New-Object -ComObject Microsoft.Update.Session
    $session.ClientApplicationID = 'patchwarden'
    if ($ProxyServer) {
        $proxy = New-Object -ComObject Microsoft.Update.WebProxy
        $proxy.Address = $ProxyServer
        $proxy.BypassProxyOnLocal = $ProxyBypass -match '<local>'
        foreach ($entry in ($ProxyBypass -split '[;\s]+' | Where-Object { $_ -and $_ -ne '<local>' })) {
            [void] $proxy.BypassList.Add($entry)
        }
        $session.WebProxy = $proxy
    }
    $found = $session.CreateUpdateSearcher().Search($Criteria).Updates
    if ($Mode -eq 'Search') {
        return @(foreach ($u in $found) {
            [ordered] @{
                UpdateId = $u.Identity.UpdateID; RevisionNumber = $u.Identity.RevisionNumber
                Title = $u.Title; Description = $u.Description
                KBArticleIds = @($u.KBArticleIDs | ForEach-Object { "KB$_" })
                Type = if ($u.Type -eq 2) { 'Driver' } else { 'Software' }
                CategoryIds = @($u.Categories | ForEach-Object { $_.CategoryID })
                IsInstalled = $u.IsInstalled; IsHidden = $u.IsHidden; IsAssigned = $u.IsMandatory
                IsPresent = $u.IsPresent; BrowseOnly = $u.BrowseOnly
                AutoSelectOnWebSites = $u.AutoSelectOnWebSites
                RebootRequired = $u.InstallationBehavior.RebootBehavior -ne 0
                EulaAccepted = $u.EulaAccepted
                DeploymentAction = @('None', 'Installation', 'Uninstallation', 'Detection',
                                     'OptionalInstallation')[$u.DeploymentAction]
                SizeBytes = [int64] $u.MaxDownloadSize
            }
        })
    }
    $selected = New-Object -ComObject Microsoft.Update.UpdateColl
    foreach ($u in $found) {
        if (-not $UpdateIds -or $UpdateIds -contains $u.Identity.UpdateID) {
            if (-not $u.EulaAccepted) { $u.AcceptEula() }
            [void] $selected.Add($u)
        }
    }
    if ($selected.Count -eq 0) { return @{ Updates = @(); RebootRequired = $false } }
    $downloader = $session.CreateUpdateDownloader()
    $downloader.Updates = $selected
    $download = $downloader.Download()
    if ($Mode -eq 'Download') { return @{ ResultCode = $download.ResultCode } }
    $installer = $session.CreateUpdateInstaller()
    $installer.Updates = $selected
    $result = $installer.Install()
    # WUA's OperationResultCode (2 Succeeded, 3 SucceededWithErrors, 4 Failed, 5 Aborted) as
    # POA's ResultCode (0, 1, 2, 3).
    $poa = @{ 2 = 0; 3 = 1; 4 = 2; 5 = 3 }
    $updates = for ($i = 0; $i -lt $selected.Count; $i++) {
        $one = $result.GetUpdateResult($i)
        $code = if ($poa.ContainsKey([int] $one.ResultCode)) { $poa[[int] $one.ResultCode] } else { 2 }
        @{ UpdateId = $selected.Item($i).Identity.UpdateID; ResultCode = $code; HResult = $one.HResult }
    }
    return @{ Updates = @($updates); RebootRequired = $result.RebootRequired }
}

# Runs $wuaScript on the node as SYSTEM in a one-off scheduled task and returns its result.
function Invoke-WuaAsSystem([string] $Mode, [string[]] $UpdateIds) {
    $arguments = @($Mode, $criteria, $UpdateIds, $env:PATCHWARDEN_PROXY_SERVER,
                   $env:PATCHWARDEN_PROXY_BYPASS)
    Invoke-Command -ComputerName $target -ArgumentList $wuaScript.ToString(), $arguments -ScriptBlock {
        param([string] $Body, [object[]] $Arguments)
        $name = "patchwarden-$([guid]::NewGuid())"
        $dir = Join-Path $env:ProgramData 'patchwarden'
        New-Item -ItemType Directory -Force -Path $dir | Out-Null
        $out = Join-Path $dir "$name.json"
        $argsFile = Join-Path $dir "$name.args.json"
        $Arguments | ConvertTo-Json -Depth 4 | Set-Content -Path $argsFile -Encoding utf8
        $wrapper = "`$a = Get-Content -Raw '$argsFile' | ConvertFrom-Json; " +
            "`$r = & { $Body } `$a[0] `$a[1] ([string[]] `$a[2]) `$a[3] `$a[4]; " +
            "`$r | ConvertTo-Json -Depth 8 | Set-Content -Path '$out' -Encoding utf8"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($wrapper))
        $action = New-ScheduledTaskAction -Execute 'powershell.exe' `
            -Argument "-NoProfile -NonInteractive -EncodedCommand $encoded"
        $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
        Register-ScheduledTask -TaskName $name -Action $action -Principal $principal | Out-Null
        try {
            Start-ScheduledTask -TaskName $name
            do { Start-Sleep -Seconds 5 } while ((Get-ScheduledTask -TaskName $name).State -eq 'Running')
            if (-not (Test-Path $out)) { throw "Windows Update task $name left no result" }
            Get-Content -Raw $out | ConvertFrom-Json
        } finally {
            Unregister-ScheduledTask -TaskName $name -Confirm:$false
            Remove-Item -Force -ErrorAction SilentlyContinue $out, $argsFile
        }
    }
}

$criteria = if ($request.WUQuery) { $request.WUQuery } else { 'IsInstalled=0 and IsHidden=0' }
$updateIds = [string[]] @($request.Updates | Where-Object { $_ })

try {
    switch ($Operation) {
        'Inventory' {
            Write-Reply @{ Nodes = @(Get-ClusterNode -Cluster $Cluster | ForEach-Object {
                @{ Name = $_.Name; UpgradeDomain = "$($_.FaultDomain)" } }) }
        }
        'Health' {
            if ($Node) {
                $state = (Get-ClusterNode -Cluster $Cluster -Name $Node).State
                Write-Log "node $Node is $state"
                Write-Reply @{ Healthy = ($state -eq 'Up'); State = "$state" }
            } else {
                # Paused nodes are not counted: the rollout pauses them on purpose.
                $down = Get-ClusterNode -Cluster $Cluster | Where-Object { $_.State -eq 'Down' }
                Write-Reply @{ Unhealthy = @($down | ForEach-Object { $_.Name }) }
            }
        }
        'Search' {
            $records = Invoke-Command -ComputerName $target -ScriptBlock $wuaScript `
                -ArgumentList 'Search', $criteria, @(), $env:PATCHWARDEN_PROXY_SERVER, $env:PATCHWARDEN_PROXY_BYPASS
            Write-Log "$(@($records).Count) updates found on $Node"
            Write-Reply @{ Updates = @($records) }
        }
        'Download' { Write-Reply (Invoke-WuaAsSystem 'Download' $updateIds) }
        'Install' { Write-Reply (Invoke-WuaAsSystem 'Install' $updateIds) }
        'Drain' {
            $result = Suspend-ClusterNode -Cluster $Cluster -Name $Node -Drain -Wait
            if ("$($result.DrainStatus)" -ne 'Completed') { throw "drain of $Node ended $($result.DrainStatus)" }
            Write-Reply @{ Drained = $true }
        }
        'Reboot' {
            Restart-Computer -ComputerName $target -Force -Wait -For PowerShell `
                -Timeout $RebootTimeoutSeconds -Delay 5
            Write-Reply @{ Rebooted = $true }
        }
        'Resume' {
            Resume-ClusterNode -Cluster $Cluster -Name $Node -Failback Immediate | Out-Null
            Write-Reply @{ Resumed = $true }
        }
        default { throw "windows-failover driver: unsupported operation '$Operation'" }
    }
} catch {
    Write-Log "$Operation on '$Node' failed: $($_.Exception.Message)"
    exit 1
}
