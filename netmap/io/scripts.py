"""Script text: safe quoting for PowerShell, POSIX shell and HCL, and the exporter
scripts that ``netmap collect`` prints.

netmap never calls Azure or VMM itself: it prints scripts for the engineer to read and
run. Every name in a script is data, quoted so that it can never run as code
(:func:`ps_quote`, :func:`sh_quote`, :func:`hcl_quote`); names in comments lose their
line breaks (:func:`comment_text`).

Examples
--------
>>> print(ps_quote("it's $(rm -rf /)"))
'it''s $(rm -rf /)'
>>> print(sh_quote("a b'c"))
'a b'"'"'c'
>>> print(hcl_quote('say "${x}"'))
"say \\"$${x}\\""
"""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources

__all__ = ["ASR_API_VERSION", "NETWORK_API_VERSION", "COMPUTE_API_VERSION", "SHELLS",
           "ASR_LISTS", "collect_script", "comment_text", "hcl_quote", "ps_quote",
           "sh_quote", "safe_label"]

#: Site Recovery's REST API version the scripts use: the newest stable version in
#: azure-rest-api-specs, specification/recoveryservicessiterecovery/resource-manager/
#: Microsoft.RecoveryServices/SiteRecovery/stable/2026-05-01
ASR_API_VERSION = "2026-05-01"
#: Microsoft.Network and Microsoft.Compute versions for the PowerShell ARM exporter
NETWORK_API_VERSION = "2024-05-01"
COMPUTE_API_VERSION = "2024-07-01"

SHELLS = ("bash", "powershell")

#: the vault-level list operations of Site Recovery that ``netmap import`` reads
#: (ReplicationFabrics_List, ReplicationProtectionContainers_List, ...)
ASR_LISTS = (
    "replicationFabrics",
    "replicationProtectionContainers",
    "replicationProtectionContainerMappings",
    "replicationNetworks",
    "replicationNetworkMappings",
    "replicationProtectedItems",
    "replicationRecoveryPlans",
)

# PowerShell treats these four characters as single quotes too (about_Quoting_Rules)
_PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
# every character str.splitlines() breaks a line at: none may reach a comment
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def ps_quote(text: str) -> str:
    """``text`` as a PowerShell single-quoted string: nothing inside is expanded.

    >>> print(ps_quote("a\u2019b"))
    'a\u2019\u2019b'
    """
    out = []
    for ch in str(text):
        out.append(ch + ch if ch in _PS_SINGLE_QUOTES else ch)
    return "'" + "".join(out) + "'"


def sh_quote(text: str) -> str:
    """``text`` as one POSIX shell word (:func:`shlex.quote`)."""
    return shlex.quote(str(text))


def hcl_quote(text: str) -> str:
    """``text`` as an HCL string literal: escapes, and no ``${``/``%{`` template.

    >>> print(hcl_quote("%{if}"))
    "%%{if}"
    """
    s = json.dumps(str(text), ensure_ascii=False)
    return s.replace("${", "$${").replace("%{", "%%{")


def comment_text(text: str) -> str:
    """``text`` on one line, safe after ``#`` in PowerShell, shell or HCL.

    >>> comment_text("a\\nrm -rf /")
    'a rm -rf /'
    """
    return _LINE_BREAKS.sub(" ", str(text))


def safe_label(text: str, limit: int = 80) -> str:
    """A name made of letters, digits, ``-`` and ``_`` only (for resource names and
    Terraform labels), starting with a letter.

    >>> safe_label("VMNetwork1 (Beijing)")
    'VMNetwork1-Beijing'
    """
    s = re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-_")
    if not s or not s[0].isalpha():
        s = "n-" + s
    return s[:limit].rstrip("-_")


# ----------------------------------------------------------------------------- collect

_VMM_URL = "https://learn.microsoft.com/powershell/module/virtualmachinemanager/"

#: the VMM cmdlets the exporter calls -> (what it reads) -- each cited in the script
VMM_CMDLETS = {
    "Get-SCVMMServer": "Name, FQDN, ProductVersion",
    "Get-SCLogicalNetwork": "ID, Name, NetworkVirtualizationEnabled; -Cloud and -VMHost "
                            "give the logical networks of a cloud and of a host",
    "Get-SCLogicalNetworkDefinition": "ID, Name, HostGroups (Path), SubnetVLans (Subnet, VLanID)",
    "Get-SCVMNetwork": "ID, Name, LogicalNetwork, IsolationType",
    "Get-SCVMSubnet": "ID, Name, SubnetVLans (Subnet, VLanID); -VMNetwork",
    "Get-SCStaticIPAddressPool": "ID, Name, Subnet, IPAddressRangeStart, IPAddressRangeEnd, "
                                 "IPAddressReservedSet, DefaultGateways (IPAddress); -VMSubnet",
    "Get-SCCloud": "ID, Name, HostGroup (Path)",
    "Get-SCVMHost": "ID, Name, VMHostGroup (Path), TotalMemory, LogicalProcessorCount",
    "Get-SCVirtualMachine": "ID, Name, VMHost, Cloud, Memory, CPUCount",
    "Get-SCVirtualNetworkAdapter": "ID, SlotId, VMNetwork, VMSubnet, IPv4AddressType, "
                                   "IPv4Addresses, MACAddress; -VM",
}

def _template(name: str) -> str:
    """A script template (package data, netmap/io/templates): ``str.format`` fields in
    braces, literal braces doubled."""
    return (resources.files("netmap.io") / "templates" / name).read_text(encoding="utf-8")


def collect_script(source: str, shell: str | None = None) -> str:
    """The exporter script for ``source`` (``asr``, ``vmm`` or ``arm``) in ``shell``.

    ``vmm`` is PowerShell only (VMM's cmdlets); ``asr`` and ``arm`` default to bash.
    Raises ValueError for a source or shell it does not know.

    >>> collect_script("vmm").splitlines()[0][:40]
    '# netmap collect vmm: export one System '
    """
    if source == "vmm":
        if shell not in (None, "powershell"):
            raise ValueError("the VMM exporter is PowerShell only (VMM's cmdlets)")
        lines = "\n".join(f"#   {c}: {_VMM_URL}{c.lower()}\n#       reads {what}"
                          for c, what in VMM_CMDLETS.items())
        return _template("collect-vmm.ps1").format(url=_VMM_URL, cmdlet_lines=lines)
    shell = shell or "bash"
    if shell not in SHELLS:
        raise ValueError(f"unknown shell '{shell}'")
    if source == "asr":
        if shell == "bash":
            return _template("collect-asr.sh").format(api=ASR_API_VERSION,
                                                      lists=" ".join(ASR_LISTS))
        return _template("collect-asr.ps1").format(api=ASR_API_VERSION,
                                      ps_lists=", ".join(ps_quote(x) for x in ASR_LISTS))
    if source == "arm":
        if shell == "bash":
            return _template("collect-arm.sh")
        return _template("collect-arm.ps1").format(net=NETWORK_API_VERSION,
                                                   compute=COMPUTE_API_VERSION)
    raise ValueError(f"unknown source '{source}'")
